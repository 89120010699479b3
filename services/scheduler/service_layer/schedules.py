"""Use cases around schedules (A198, A204, A205).

Every write decides on the environment (its inputs, outputs and every booking of its outputs) and on the schedule
in one unit, then recomputes the environment's full set in the same unit: two schedules wanting one output at the
same time collide on the environment's stream, and the runner's retry of the loser finds the output taken (409
naming the other schedule). ``taker`` is the caller's managing organisation; ``scope`` that, or None for a
superuser. Simplest rule first: the caller uses an output its organisation takes and an input it owns (guests'
inputs through source invitations come later).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import NamedTuple

from common.unit_of_work import Runner, UnitOfWork
from scheduler.adapters.event_codec import decode, name_of
from scheduler.domain import bookings, environment, schedules
from scheduler.domain.events import DomainEvent, ScheduleCreated
from scheduler.service_layer import sets
from scheduler.service_layer.units import decide, decide_after, decide_new, load


class Created(NamedTuple):
    """A schedule just created, as recorded: what its first read returns."""

    event: ScheduleCreated
    recorded_at: datetime


async def create(
    run: Runner, now: datetime, taker: int, environment_id: uuid.UUID, input_id: str, output_id: str,
    start: datetime | None, end: datetime,
) -> Created:  # fmt: skip
    schedule_id = uuid.uuid4()
    begins, ends = schedules.times(start, end, now)

    async def unit(work: UnitOfWork) -> Created:
        env = await decide_after(work, environment.stream_id(environment_id), environment.fold, environment.evolve,
                                 lambda env: bookings.book(env, taker, schedule_id, taker, input_id, output_id,
                                                              begins, ends))  # fmt: skip
        await decide_new(work, schedules.stream_id(schedule_id), schedules.fold,
                         lambda current: schedules.create(current, taker, schedule_id, environment_id, taker, input_id,
                                                          output_id, begins, ends))  # fmt: skip
        created = _created(work, schedule_id)
        await sets.recompute(work, env, now)
        return created

    return await run(unit)


async def create_permanent(
    run: Runner, now: datetime, taker: int, environment_id: uuid.UUID, input_id: str, output_id: str,
    start: datetime | None,
) -> Created:  # fmt: skip
    """A106: the input feeds the output bound to an agreement from ``start`` (None: now) until the agreement
    expires."""
    schedule_id, begins = uuid.uuid4(), now if start is None else start

    async def unit(work: UnitOfWork) -> Created:
        ends: list[datetime] = []

        def booking(env: environment.Environment) -> list[DomainEvent]:
            ends[:] = [bookings.permanent_end(env, taker, input_id, output_id, now)]
            schedules.times(begins, ends[0], now)
            return bookings.book(env, taker, schedule_id, taker, input_id, output_id, begins, ends[0], True)

        env = await decide_after(work, environment.stream_id(environment_id), environment.fold, environment.evolve,
                                 booking)  # fmt: skip
        await decide_new(work, schedules.stream_id(schedule_id), schedules.fold,
                         lambda current: schedules.create(current, taker, schedule_id, environment_id, taker, input_id,
                                                          output_id, begins, ends[0], permanent=True))  # fmt: skip
        created = _created(work, schedule_id)
        await sets.recompute(work, env, now)
        return created

    return await run(unit)


def _created(work: UnitOfWork, schedule_id: uuid.UUID) -> Created:
    stream_id = schedules.stream_id(schedule_id)
    recorded = next(r for r in work.recorded if r.stream_id == stream_id and r.type == name_of(ScheduleCreated))
    event = decode(recorded)
    assert isinstance(event, ScheduleCreated)
    return Created(event, recorded.recorded_at)


async def update(
    run: Runner, now: datetime, scope: int | None, schedule_id: uuid.UUID, start: datetime | None, keep_start: bool,
    end: datetime | None,
) -> None:  # fmt: skip
    async def unit(work: UnitOfWork) -> None:
        current = await load(work, schedules.stream_id(schedule_id), schedules.fold)
        begins, ends = schedules.changed_times(current, scope, start, keep_start, end, now)
        assert current.environment_id is not None
        env = await decide_after(work, environment.stream_id(current.environment_id), environment.fold,
                                 environment.evolve,
                                 lambda env: bookings.move(env, schedule_id, begins, ends))  # fmt: skip
        await decide(work, schedules.stream_id(schedule_id), schedules.fold,
                     lambda current: schedules.change(current, begins, ends))  # fmt: skip
        await sets.recompute(work, env, now)

    await run(unit)


async def disconnect(run: Runner, now: datetime, scope: int | None, schedule_id: uuid.UUID) -> None:
    """P10: the running entry stops now; the environment's set, without it, is pushed."""

    async def unit(work: UnitOfWork) -> None:
        current = await load(work, schedules.stream_id(schedule_id), schedules.fold)
        decided = schedules.disconnect(current, scope, now)
        start = current.start
        assert current.environment_id is not None and start is not None
        env = await decide_after(work, environment.stream_id(current.environment_id), environment.fold,
                                 environment.evolve,
                                 lambda env: bookings.move(env, schedule_id, start, now))  # fmt: skip
        await decide(work, schedules.stream_id(schedule_id), schedules.fold, lambda _: decided)
        await sets.recompute(work, env, now)

    await run(unit)


async def delete(run: Runner, now: datetime, scope: int | None, schedule_id: uuid.UUID) -> None:
    async def unit(work: UnitOfWork) -> None:
        await deleting(work, now, scope, schedule_id)

    await run(unit)


async def deleting(work: UnitOfWork, now: datetime, scope: int | None, schedule_id: uuid.UUID) -> None:
    current = schedules.visible(await load(work, schedules.stream_id(schedule_id), schedules.fold), scope)
    assert current.environment_id is not None
    env = await decide_after(work, environment.stream_id(current.environment_id), environment.fold,
                             environment.evolve, lambda env: bookings.release(env, schedule_id))  # fmt: skip
    await decide(work, schedules.stream_id(schedule_id), schedules.fold,
                 lambda current: schedules.delete(current, scope))  # fmt: skip
    await sets.recompute(work, env, now)


async def organisation_deleted(work: UnitOfWork, now: datetime, schedule_ids: list[uuid.UUID]) -> None:
    """Its schedules go with it (a second delivery finds them gone), and their environments' sets are pushed."""
    for schedule_id in schedule_ids:
        current = await load(work, schedules.stream_id(schedule_id), schedules.fold)
        if current.live:
            await deleting(work, now, None, schedule_id)
