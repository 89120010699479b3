"""Event subscriptions (A124, A125): a schedule entry of the taker's output fed by the event's input, timed by the
event (it moves when the event does, decision 68) or by its own start and end. Both decide on the environment's
stream, where the event is placed, so they never miss a concurrent change of the event's times; the schedule
follows and the environment's full set is pushed in the same unit. Listed and deleted as schedules are (A197,
A205)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from functools import partial
from typing import Any

from common.errors import NotFound
from common.unit_of_work import Runner, UnitOfWork
from scheduler.domain import bookings, environment, schedules
from scheduler.domain.events import BookingMoved, OutputBooked
from scheduler.service_layer import schedules as schedules_service
from scheduler.service_layer import sets
from scheduler.service_layer.units import decide, decide_with, load


async def subscribe(
    run: Runner, now: datetime, taker: int, environment_id: uuid.UUID, event_id: uuid.UUID, output_id: str,
    timed: bool, start: datetime | None, end: datetime | None,
) -> uuid.UUID:  # fmt: skip
    schedule_id = uuid.uuid4()

    async def unit(work: UnitOfWork) -> None:
        env, decided = await decide_with(work, environment.stream_id(environment_id), environment.fold,
                                         environment.evolve,
                                         lambda env: bookings.subscribe(env, taker, schedule_id, event_id,
                                                                           output_id, timed, start, end,
                                                                           now))  # fmt: skip
        [booked] = decided
        assert isinstance(booked, OutputBooked)
        await decide(work, schedules.stream_id(schedule_id), schedules.fold,
                     lambda current: schedules.subscribe(current, booked))  # fmt: skip
        await sets.recompute(work, env, now)

    await run(unit)
    return schedule_id


async def change(
    run: Runner, now: datetime, scope: int | None, schedule_id: uuid.UUID, output_id: str | None, timed: bool,
    start: datetime | None, end: datetime | None,
) -> None:  # fmt: skip
    async def unit(work: UnitOfWork) -> None:
        current = schedules.visible(await load(work, schedules.stream_id(schedule_id), schedules.fold), scope)
        if current.event_id is None or current.environment_id is None:
            raise NotFound("event subscription not found")
        env, decided = await decide_with(work, environment.stream_id(current.environment_id), environment.fold,
                                         environment.evolve,
                                         lambda env: bookings.resubscribe(env, schedule_id,
                                                                             output_id or current.output_id, timed,
                                                                             start, end, now))  # fmt: skip
        await follow(work, decided)
        await sets.recompute(work, env, now)

    await run(unit)


async def follow(work: UnitOfWork, decided: Sequence[Any]) -> None:
    """Every booking moved on the environment: its subscription's schedule follows."""
    for moved in (e for e in decided if isinstance(e, BookingMoved)):
        await decide(work, schedules.stream_id(moved.schedule_id), schedules.fold, partial(_follow, moved))


def _follow(moved: BookingMoved, schedule: schedules.Schedule) -> list[Any]:
    return schedules.follow(schedule, moved)


async def withdraw(run: Runner, now: datetime, schedule_id: uuid.UUID) -> None:
    """The taker may no longer see the event: its subscription goes (a second withdrawal finds it gone)."""

    async def unit(work: UnitOfWork) -> None:
        if (await load(work, schedules.stream_id(schedule_id), schedules.fold)).live:
            await schedules_service.deleting(work, now, None, schedule_id)

    await run(unit)
