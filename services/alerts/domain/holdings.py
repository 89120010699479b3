"""The alert methods an organisation holds: one aggregate per organisation, so no method is created in an
organisation after it was deleted, and its deletion finds every method to delete with it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce

from alerts.domain.events import AlertMethodAdded, AlertMethodRemoved, AlertMethodsClosed, DomainEvent
from common.errors import NotFound

STREAM_PREFIX = "organisation-alert-methods-"


def stream_id(organisation_id: int) -> str:
    return f"{STREAM_PREFIX}{organisation_id}"


@dataclass(frozen=True)
class Holdings:
    closed: bool = False
    methods: frozenset[uuid.UUID] = frozenset()


def evolve(holdings: Holdings, event: DomainEvent) -> Holdings:
    match event:
        case AlertMethodAdded():
            return Holdings(holdings.closed, holdings.methods | {event.method_id})
        case AlertMethodRemoved():
            return Holdings(holdings.closed, holdings.methods - {event.method_id})
        case AlertMethodsClosed():
            return Holdings(closed=True)
    return holdings


def fold(events: Sequence[DomainEvent]) -> Holdings:
    return reduce(evolve, events, Holdings())


def add(holdings: Holdings, organisation_id: int, method_id: uuid.UUID) -> list[DomainEvent]:
    if holdings.closed:
        raise NotFound("the organisation no longer exists")
    if method_id in holdings.methods:
        return []
    return [AlertMethodAdded(organisation_id=organisation_id, method_id=method_id)]


def remove(holdings: Holdings, organisation_id: int, method_id: uuid.UUID) -> list[DomainEvent]:
    if method_id not in holdings.methods:
        return []
    return [AlertMethodRemoved(organisation_id=organisation_id, method_id=method_id)]


def close(holdings: Holdings, organisation_id: int) -> list[DomainEvent]:
    """Every method is let go with it; closing twice records nothing."""
    return [] if holdings.closed else [AlertMethodsClosed(organisation_id=organisation_id)]
