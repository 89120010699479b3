"""The event aggregate (A119–A123), one stream per event id: an input of the managing organisation shown on its
running environment from a start to an end, with a name, description, labels and an optional image (kept beside
the log, named here by its digest). Named ``live_events`` since ``events`` are the scheduler's domain events.

The input may change to another input of the same environment only: customers taking the event have outputs
there. An event made without a source (through the Event Center façade) takes one once, and with it its
environment. ``scope`` is the caller's managing organisation, or None for a superuser.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import reduce
from typing import Any

from common.errors import Conflict, Invalid, NotFound
from scheduler.domain.events import DomainEvent, LiveEventChanged, LiveEventCreated, LiveEventDeleted

STREAM_PREFIX = "event-"


def stream_id(event_id: uuid.UUID) -> str:
    return f"{STREAM_PREFIX}{event_id}"


@dataclass(frozen=True)
class Center:
    """The Event Center façade's own attributes (K02), kept through the native API's updates."""

    customer_event_id: str | None = None
    audience_size: int | None = None
    audience_locations: tuple[str, ...] = ()
    coordinators: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    objects: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Details:
    """What the owner writes: every field an event has besides its identity and image (input "": no source)."""

    input_id: str
    name: str
    description: str
    label_ids: tuple[uuid.UUID, ...]
    start: datetime
    end: datetime
    center: Center = Center()


@dataclass(frozen=True)
class LiveEvent:
    """``version`` counts the writes after the creation (K04's optimistic lock: 0 as created)."""

    live: bool = False
    event_id: uuid.UUID | None = None
    organisation_id: int = 0
    environment_id: uuid.UUID | None = None
    details: Details | None = None
    image: str | None = None
    number: int = 0
    version: int = -1


def evolve(current: LiveEvent, event: DomainEvent) -> LiveEvent:
    match event:
        case LiveEventCreated() | LiveEventChanged():
            center = Center(event.customer_event_id, event.audience_size, tuple(event.audience_locations),
                            tuple(event.coordinators), tuple(event.tags), tuple(event.objects))  # fmt: skip
            details = Details(event.input_id, event.name, event.description, tuple(event.label_ids), event.start,
                              event.end, center)  # fmt: skip
            return LiveEvent(True, event.event_id, event.organisation_id, event.environment_id, details, event.image,
                             event.number, current.version + 1)  # fmt: skip
        case LiveEventDeleted():
            return replace(current, live=False)
    return current


def fold(events: Sequence[DomainEvent]) -> LiveEvent:
    return reduce(evolve, events, LiveEvent())


def check_times(start: datetime, end: datetime) -> None:
    if end <= start:
        raise Invalid("end_time must be after start_time", "end_time")


def visible(current: LiveEvent, scope: int | None) -> LiveEvent:
    if not current.live or (scope is not None and current.organisation_id != scope):
        raise NotFound("event not found")
    return current


def create(
    current: LiveEvent, owner: int, event_id: uuid.UUID, environment_id: uuid.UUID | None, details: Details,
    image: str | None, number: int, by: str,
) -> list[DomainEvent]:  # fmt: skip
    if current.event_id is not None:
        raise Conflict(f"event {event_id} exists")
    check_times(details.start, details.end)
    return [LiveEventCreated(organisation_id=owner, event_id=event_id, environment_id=environment_id,
                             image=image, number=number, by=by, **_fields(details))]  # fmt: skip


def change(
    current: LiveEvent, scope: int | None, details: Details, image: str | None, by: str,
    environment_id: uuid.UUID | None = None,
) -> list[DomainEvent]:  # fmt: skip
    """``environment_id``: the environment of the source a sourceless event takes (None: it stays where it is)."""
    visible(current, scope)
    check_times(details.start, details.end)
    placed = current.environment_id
    if environment_id is not None and environment_id != placed:
        if placed is not None:
            raise Invalid("the input is not on the event's environment: delete the event and create another there",
                          "input_id")  # fmt: skip
        placed = environment_id
    if placed is None and details.input_id:
        raise Invalid("an event without a source takes one with an input of yours on a running environment",
                      "input_id")  # fmt: skip
    if (current.details, current.image, current.environment_id) == (details, image, placed):
        return []
    assert current.event_id is not None
    return [LiveEventChanged(organisation_id=current.organisation_id, event_id=current.event_id,
                             environment_id=placed, image=image, number=current.number, by=by,
                             **_fields(details))]  # fmt: skip


def delete(current: LiveEvent, scope: int | None) -> list[DomainEvent]:
    visible(current, scope)
    assert current.event_id is not None
    return [LiveEventDeleted(organisation_id=current.organisation_id, event_id=current.event_id)]


def _fields(details: Details) -> dict[str, Any]:
    c = details.center
    return {"input_id": details.input_id, "name": details.name, "description": details.description,
            "label_ids": details.label_ids, "start": details.start, "end": details.end,
            "customer_event_id": c.customer_event_id, "audience_size": c.audience_size,
            "audience_locations": c.audience_locations, "coordinators": c.coordinators, "tags": c.tags,
            "objects": c.objects}  # fmt: skip
