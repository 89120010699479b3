"""The one place environment events meet the store: a class is stored under its name, its fields as JSON.

Stored names are the classes' names, so renaming an event class is a migration of stored rows.
Fields holding their default are left out of a row, as they were before the events were typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from common.eventstore import NewEvent, RecordedEvent
from environments.domain.events import ALL, DomainEvent, Happened

TYPES: dict[str, type[DomainEvent]] = {kind.__name__: kind for kind in ALL}


class UnknownEvent(Exception):
    """A stored row of a type this code does not know: written by a newer version, say."""


def name_of(event: DomainEvent | type[DomainEvent]) -> str:
    return (event if isinstance(event, type) else type(event)).__name__


def encode(event: DomainEvent, metadata: Mapping[str, Any] | None = None) -> NewEvent:
    return NewEvent(name_of(event), event.model_dump(mode="json", exclude_defaults=True), dict(metadata or {}))


def decode(recorded: RecordedEvent) -> DomainEvent:
    kind = TYPES.get(recorded.type)
    if kind is None:
        raise UnknownEvent(f"{recorded.stream_id} v{recorded.version} is a {recorded.type!r}, which no class decodes")
    return kind.model_validate(recorded.data)


def history(records: Iterable[RecordedEvent]) -> list[Happened]:
    return [Happened(decode(r), r.recorded_at) for r in records]
