"""A service's domain events at the store: a class is stored under its name, its fields as JSON.

Stored names are the classes' names, so renaming an event class is a migration of stored rows. Each
service binds one codec to its own event classes (its ``adapters/event_codec.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from common.eventstore.model import NewEvent, RecordedEvent

E = TypeVar("E", bound=BaseModel)


class UnknownEvent(Exception):
    """A stored row of a type this code does not know: written by a newer version, say."""


class EventCodec(Generic[E]):
    """``exclude_defaults``: fields holding their default are left out of a row (rows written before the
    events were typed lack them)."""

    def __init__(self, events: Iterable[type[E]], *, exclude_defaults: bool = False) -> None:
        self.types: dict[str, type[E]] = {kind.__name__: kind for kind in events}
        self.exclude_defaults = exclude_defaults

    def name_of(self, event: E | type[E]) -> str:
        return (event if isinstance(event, type) else type(event)).__name__

    def encode(self, event: E, metadata: Mapping[str, Any] | None = None) -> NewEvent:
        data = event.model_dump(mode="json", exclude_defaults=self.exclude_defaults)
        return NewEvent(self.name_of(event), data, dict(metadata or {}))

    def decode(self, recorded: RecordedEvent) -> E:
        kind = self.types.get(recorded.type)
        if kind is None:
            raise UnknownEvent(
                f"{recorded.stream_id} v{recorded.version} is a {recorded.type!r}, which no class decodes"
            )
        return kind.model_validate(recorded.data)

    def decode_all(self, records: Iterable[RecordedEvent]) -> list[E]:
        return [self.decode(r) for r in records]
