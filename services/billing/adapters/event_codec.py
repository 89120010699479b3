"""The one place billing's domain events meet the store: a class is stored under its name, its fields as JSON.

Stored names are the classes' names, so renaming an event class is a migration of stored rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from billing.domain.events import ALL, DomainEvent
from common.eventstore import NewEvent, RecordedEvent

TYPES: dict[str, type[DomainEvent]] = {kind.__name__: kind for kind in ALL}


class UnknownEvent(Exception):
    """A stored row of a type this code does not know: written by a newer version, say."""


def name_of(event: DomainEvent | type[DomainEvent]) -> str:
    return (event if isinstance(event, type) else type(event)).__name__


def encode(event: DomainEvent) -> NewEvent:
    metadata = {} if event.organisation_id is None else {"organisation_id": event.organisation_id}
    return NewEvent(name_of(event), event.model_dump(mode="json"), metadata)


def decode(recorded: RecordedEvent) -> DomainEvent:
    kind = TYPES.get(recorded.type)
    if kind is None:
        raise UnknownEvent(f"{recorded.stream_id} v{recorded.version} is a {recorded.type!r}, which no class decodes")
    return kind.model_validate(recorded.data)


def decode_all(records: Iterable[RecordedEvent]) -> list[DomainEvent]:
    return [decode(r) for r in records]
