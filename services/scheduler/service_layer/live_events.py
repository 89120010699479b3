"""Use cases around events (A120–A122).

Every write decides on the event's environment first: the event is placed there (its input, its times), and in
the same decision every subscription it times moves with it, so a subscription being made and the event's times
changing collide on that one stream and never miss each other. Each moved subscription's schedule follows, and the
environment's full set is recomputed and pushed in the same unit. The image is kept beside the log
(``event_images``), written after the unit's appends in its transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from common.errors import Invalid
from common.unit_of_work import Runner, UnitOfWork, Work
from scheduler.domain import bookings, environment, event_center, live_events, schedules
from scheduler.domain.event_images import StoredImage
from scheduler.domain.events import BookingReleased
from scheduler.domain.live_events import Details, LiveEvent
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
            self.start or old.start, self.end or old.end, old.center,
        )  # fmt: skip

    def image_after(self, old: str | None) -> str | None:
        return self.image.digest if self.image else None if self.remove_old_image else old


@dataclass(frozen=True)
class Draft:
    """One event to create: K02's recurrence makes several in one unit."""

    event_id: uuid.UUID
    number: int
    details: Details


Revise = Callable[[LiveEvent], tuple[Details, str | None]]


async def create(
    run: Runner, now: datetime, owner: int, environment_id: uuid.UUID | None, drafts: Sequence[Draft],
    image: StoredImage | None, by: str,
) -> None:  # fmt: skip
    """Every draft's event, all or none: keyed in the organisation (a duplicate refuses them all), placed on the
    environment when they have a source."""
    for draft in drafts:
        live_events.check_times(draft.details.start, draft.details.end)

    async def unit(work: UnitOfWork) -> None:
        await _key(work, owner, [(d.event_id, d.details) for d in drafts])
        env: environment.Environment | None = None
        for draft in drafts:
            if environment_id is not None:
                env = await _placed(work, environment_id, owner, draft.event_id, draft.details)
            made = partial(_made, owner, environment_id, draft, image.digest if image else None, by)
            await decide(work, live_events.stream_id(draft.event_id), live_events.fold, made)
            await _keep_image(work, draft.event_id, image, False)
        if env is not None:
            await sets.recompute(work, env, now)

    await run(unit)


async def update(
    run: Runner, now: datetime, scope: int | None, event_id: uuid.UUID, revise: Revise, image: StoredImage | None,
    remove_image: bool, by: str, source_environment: uuid.UUID | None = None,
) -> None:  # fmt: skip
    """``revise`` makes the event's new details and image digest from the event as it is in the unit (K04 checks
    its version there). ``source_environment``: where the input named is, for an event that has no source yet."""

    async def unit(work: UnitOfWork) -> None:
        current = live_events.visible(await load(work, live_events.stream_id(event_id), live_events.fold), scope)
        details, digest = revise(current)
        live_events.check_times(details.start, details.end)
        owner = current.organisation_id
        await _key(work, owner, [(event_id, details)])
        env: environment.Environment | None = None
        placed = current.environment_id or (source_environment if details.input_id else None)
        if placed is not None:
            if not (await load(work, environment.stream_id(placed), environment.fold)).has_input(
                owner, details.input_id
            ):
                raise Invalid("the input is not on the event's environment: delete the event and create another "
                              "there", "input_id")  # fmt: skip
            env = await _placed(work, placed, owner, event_id, details)
        await decide(work, live_events.stream_id(event_id), live_events.fold,
                     lambda current: live_events.change(current, scope, details, digest, by, placed))  # fmt: skip
        await _keep_image(work, event_id, image, remove_image)
        if env is not None:
            await sets.recompute(work, env, now)

    await run(unit)


def changed(changes: Changes) -> Revise:
    """A121's revision: the changes applied to the event's details and image."""

    def revise(current: LiveEvent) -> tuple[Details, str | None]:
        assert current.details is not None
        return changes.applied(current.details), changes.image_after(current.image)

    return revise


async def delete(run: Runner, now: datetime, scope: int | None, event_id: uuid.UUID) -> None:
    async def unit(work: UnitOfWork) -> None:
        await deleting(work, now, scope, event_id)

    await run(unit)


async def deleting(work: UnitOfWork, now: datetime, scope: int | None, event_id: uuid.UUID) -> None:
    """The event goes with every subscription to it."""
    current = live_events.visible(await load(work, live_events.stream_id(event_id), live_events.fold), scope)
    await decide(work, event_center.stream_id(current.organisation_id), event_center.fold,
                 lambda state: event_center.unkey(state, current.organisation_id, event_id))  # fmt: skip
    env: environment.Environment | None = None
    if current.environment_id is not None:
        left, decided = await decide_with(work, environment.stream_id(current.environment_id), environment.fold,
                                          environment.evolve,
                                          lambda env: bookings.unplace_event(env, event_id))  # fmt: skip
        env = left
        for released in decided:
            if isinstance(released, BookingReleased):
                await decide(work, schedules.stream_id(released.schedule_id), schedules.fold, _gone)
    await decide(work, live_events.stream_id(event_id), live_events.fold,
                 lambda current: live_events.delete(current, scope))  # fmt: skip
    await _keep_image(work, event_id, None, True)
    if env is not None:
        await sets.recompute(work, env, now)


async def organisation_deleted(work: UnitOfWork, now: datetime, event_ids: Sequence[uuid.UUID]) -> None:
    """Its events go with it (a second delivery finds them gone)."""
    for event_id in event_ids:
        if (await load(work, live_events.stream_id(event_id), live_events.fold)).live:
            await deleting(work, now, None, event_id)


async def _key(work: UnitOfWork, owner: int, events: Sequence[tuple[uuid.UUID, Details]]) -> None:
    keys = [(event_id, (d.name, d.start, d.end)) for event_id, d in events]
    tags = [tag for _, d in events for tag in d.center.tags]
    await decide(work, event_center.stream_id(owner), event_center.fold,
                 lambda state: event_center.key(state, owner, keys, tags))  # fmt: skip


def _made(
    owner: int, environment_id: uuid.UUID | None, draft: Draft, image: str | None, by: str, current: LiveEvent
) -> list[Any]:
    return live_events.create(current, owner, draft.event_id, environment_id, draft.details, image, draft.number, by)


async def _placed(
    work: UnitOfWork, environment_id: uuid.UUID, owner: int, event_id: uuid.UUID, details: Details
) -> environment.Environment:
    """The event placed on its environment, and every subscription it moved followed by its schedule."""
    env, decided = await decide_with(work, environment.stream_id(environment_id), environment.fold,
                                     environment.evolve,
                                     lambda env: bookings.place_event(env, owner, event_id, details.input_id,
                                                                         details.start, details.end))  # fmt: skip
    await follow(work, decided)
    return env


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
