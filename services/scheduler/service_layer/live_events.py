"""Use cases around events (A120–A122).

Every write decides on the event's environment first: the event is placed there (its input, its times), and in
the same decision every subscription it times moves with it, so a subscription being made and the event's times
changing collide on that one stream and never miss each other. Each moved subscription's schedule follows, and the
environment's full set is recomputed and pushed in the same unit. The image is kept beside the log
(``event_images``), written after the unit's appends in its transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from common.errors import Invalid
from common.unit_of_work import Runner, UnitOfWork, Work
from scheduler.domain import environment, live_events, schedules
from scheduler.domain.event_images import StoredImage
from scheduler.domain.events import BookingReleased
from scheduler.domain.live_events import Details
from scheduler.service_layer import sets
from scheduler.service_layer.subscriptions import follow
from scheduler.service_layer.units import decide, decide_with, load


@dataclass(frozen=True)
class Changes:
    """A121: a field left out (None) stays, but labels left out are removed; ``remove_old_image`` drops the image
    when no new one is sent."""

    input_id: str | None
    name: str | None
    description: str | None
    label_ids: tuple[uuid.UUID, ...]
    start: datetime | None
    end: datetime | None
    image: StoredImage | None
    remove_old_image: bool

    def applied(self, old: Details) -> Details:
        return Details(
            self.input_id or old.input_id, old.name if self.name is None else self.name,
            old.description if self.description is None else self.description, self.label_ids,
            self.start or old.start, self.end or old.end,
        )  # fmt: skip

    def image_after(self, old: str | None) -> str | None:
        return self.image.digest if self.image else None if self.remove_old_image else old


async def create(
    run: Runner, now: datetime, owner: int, environment_id: uuid.UUID, details: Details, image: StoredImage | None
) -> uuid.UUID:
    event_id = uuid.uuid4()
    live_events.check_times(details.start, details.end)

    async def unit(work: UnitOfWork) -> None:
        env, _ = await decide_with(work, environment.stream_id(environment_id), environment.fold, environment.evolve,
                                   lambda env: environment.place_event(env, owner, event_id, details.input_id,
                                                                       details.start, details.end))  # fmt: skip
        await decide(work, live_events.stream_id(event_id), live_events.fold,
                     lambda current: live_events.create(current, owner, event_id, environment_id, details,
                                                        image.digest if image else None))  # fmt: skip
        await _keep_image(work, event_id, image, False)
        await sets.recompute(work, env, now)

    await run(unit)
    return event_id


async def update(run: Runner, now: datetime, scope: int | None, event_id: uuid.UUID, changes: Changes) -> None:
    async def unit(work: UnitOfWork) -> None:
        current = live_events.visible(await load(work, live_events.stream_id(event_id), live_events.fold), scope)
        assert current.details is not None and current.environment_id is not None
        details, owner = changes.applied(current.details), current.organisation_id
        live_events.check_times(details.start, details.end)
        env_stream = environment.stream_id(current.environment_id)
        if not (await load(work, env_stream, environment.fold)).has_input(owner, details.input_id):
            raise Invalid("the input is not on the event's environment: delete the event and create another there",
                          "input_id")  # fmt: skip
        env, decided = await decide_with(work, env_stream, environment.fold, environment.evolve,
                                         lambda env: environment.place_event(env, owner, event_id, details.input_id,
                                                                             details.start, details.end))  # fmt: skip
        await decide(work, live_events.stream_id(event_id), live_events.fold,
                     lambda current: live_events.change(current, scope, details,
                                                        changes.image_after(current.image)))  # fmt: skip
        await follow(work, decided)
        await _keep_image(work, event_id, changes.image, changes.remove_old_image)
        await sets.recompute(work, env, now)

    await run(unit)


async def delete(run: Runner, now: datetime, scope: int | None, event_id: uuid.UUID) -> None:
    """The event goes with every subscription to it."""

    async def unit(work: UnitOfWork) -> None:
        current = live_events.visible(await load(work, live_events.stream_id(event_id), live_events.fold), scope)
        assert current.environment_id is not None
        env, decided = await decide_with(work, environment.stream_id(current.environment_id), environment.fold,
                                         environment.evolve,
                                         lambda env: environment.unplace_event(env, event_id))  # fmt: skip
        await decide(work, live_events.stream_id(event_id), live_events.fold,
                     lambda current: live_events.delete(current, scope))  # fmt: skip
        for released in decided:
            if isinstance(released, BookingReleased):
                await decide(work, schedules.stream_id(released.schedule_id), schedules.fold, _gone)
        await _keep_image(work, event_id, None, True)
        await sets.recompute(work, env, now)

    await run(unit)


def _gone(schedule: schedules.Schedule) -> list[Any]:
    return schedules.delete(schedule, None) if schedule.live else []


async def _keep_image(work: UnitOfWork, event_id: uuid.UUID, image: StoredImage | None, remove: bool) -> None:
    assert isinstance(work, Work), "images live in the unit's own transaction"
    if image is not None:
        await work.conn.execute(
            f"""INSERT INTO {work.schema}.event_images (event_id, digest, image) VALUES ($1, $2, $3)
                ON CONFLICT (event_id) DO UPDATE SET digest = excluded.digest, image = excluded.image""",
            event_id, image.digest, image.png,
        )  # fmt: skip
    elif remove:
        await work.conn.execute(f"DELETE FROM {work.schema}.event_images WHERE event_id = $1", event_id)
