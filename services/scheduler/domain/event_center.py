"""What the Event Center façade (K01–K08) keeps unique in one organisation, on its stream
``event-center-<organisation>``: no two events with the same name, start and end (K02/K04: 409 duplicate), and
an integer id per tag (K06), given in the order tags are first used. Events written through the native API are
keyed too once the façade has written them."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import pycountry
from dateutil import rrule

from common.errors import Conflict, Invalid
from scheduler.domain.events import DomainEvent, EventKeyed, EventUnkeyed, TagNamed

STREAM_PREFIX = "event-center-"
Key = tuple[str, datetime, datetime]


class Duplicate(Conflict):
    pass


class StaleVersion(Conflict):
    pass


FREQUENCIES = {"HOURLY": rrule.HOURLY, "DAILY": rrule.DAILY, "WEEKLY": rrule.WEEKLY, "MONTHLY": rrule.MONTHLY}


def occurrences(start: datetime, end: datetime, frequency: str | None, count: int) -> list[tuple[datetime, datetime]]:
    """The windows a recurrence makes: the first, then every ``frequency`` (RFC 5545, as dateutil's rrule counts
    them: a monthly event on the 31st skips the months without one), each as long as the first."""
    if frequency is None:
        return [(start, end)]
    length = end - start
    try:
        windows = [(when, when + length) for when in rrule.rrule(FREQUENCIES[frequency], dtstart=start, count=count)]
    except (OverflowError, ValueError) as exc:
        raise Invalid("the recurrence runs past the last representable date", "recurrence") from exc
    if len(windows) != count:
        raise Invalid("the recurrence runs past the last representable date", "recurrence")
    return windows


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        raise Invalid(f"{code!r} is not an ISO 3166 country code", "audienceLocations")
    return str(country.name)


def stream_id(organisation_id: int) -> str:
    return f"{STREAM_PREFIX}{organisation_id}"


@dataclass(frozen=True)
class Organisation:
    keys: Mapping[uuid.UUID, Key] = field(default_factory=dict)
    tags: Mapping[str, int] = field(default_factory=dict)


def fold(events: Sequence[DomainEvent]) -> Organisation:
    keys: dict[uuid.UUID, Key] = {}
    tags: dict[str, int] = {}
    for event in events:
        match event:
            case EventKeyed():
                keys[event.event_id] = (event.name, event.start, event.end)
            case EventUnkeyed():
                keys.pop(event.event_id, None)
            case TagNamed():
                tags[event.name] = event.tag_id
    return Organisation(keys, tags)


def key(
    state: Organisation, organisation_id: int, wanted: Iterable[tuple[uuid.UUID, Key]], tags: Iterable[str]
) -> list[DomainEvent]:
    """Each event keyed by its name, start and end (refused as a whole when one is taken), and its new tags named."""
    held = {k: event_id for event_id, k in state.keys.items()}
    decided: list[DomainEvent] = []
    for event_id, (name, start, end) in wanted:
        other = held.get((name, start, end))
        if other is not None and other != event_id:
            raise Duplicate(f"an event named {name!r} from {start.isoformat()} to {end.isoformat()} exists", "name")
        held[(name, start, end)] = event_id
        if state.keys.get(event_id) != (name, start, end):
            decided.append(EventKeyed(organisation_id=organisation_id, event_id=event_id, name=name, start=start,
                                      end=end))  # fmt: skip
    next_id = max(state.tags.values(), default=0) + 1
    for name in dict.fromkeys(tags):
        if name not in state.tags:
            decided.append(TagNamed(organisation_id=organisation_id, tag_id=next_id, name=name))
            next_id += 1
    return decided


def unkey(state: Organisation, organisation_id: int, event_id: uuid.UUID) -> list[DomainEvent]:
    if event_id not in state.keys:
        return []
    return [EventUnkeyed(organisation_id=organisation_id, event_id=event_id)]
