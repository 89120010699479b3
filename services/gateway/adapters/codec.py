"""The store boundary: domain events (``gateway.domain.events``) to stored rows (type name, JSON data) and back.

A class's name is its stored type name, and its fields are the stored data's keys, so rows written
before the classes existed read back unchanged. Nothing else in the gateway spells a type name.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, TypeVar

from pydantic import TypeAdapter

from common.eventstore import NewEvent, RecordedEvent
from gateway.domain import events
from gateway.domain.events import Event, OrganisationDetailsUpdated

E = TypeVar("E")
BY_NAME: dict[str, type[Any]] = {cls.__name__: cls for cls in events.ALL}
_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {cls: TypeAdapter(cls) for cls in events.ALL}


def type_name(cls: type[Any]) -> str:
    if cls not in _ADAPTERS:
        raise KeyError(f"{cls.__name__} is not one of the gateway's domain events")
    return cls.__name__


def encode(event: Event) -> NewEvent:
    if isinstance(event, OrganisationDetailsUpdated):
        return NewEvent(type_name(OrganisationDetailsUpdated), dict(event.changes))
    data = _ADAPTERS[type(event)].dump_python(event, mode="json")
    return NewEvent(type_name(type(event)), data)


def decode(recorded: RecordedEvent) -> Event:
    cls = BY_NAME.get(recorded.type)
    if cls is None:
        raise ValueError(f"the gateway's log holds an event of unknown type {recorded.type!r}")
    if cls is OrganisationDetailsUpdated:
        return OrganisationDetailsUpdated(dict(recorded.data))
    event: Event = _ADAPTERS[cls].validate_python(recorded.data)
    return event


def decode_all(recorded: Iterable[RecordedEvent]) -> list[Event]:
    return [decode(r) for r in recorded]


def encode_all(decided: Sequence[Event]) -> list[NewEvent]:
    return [encode(e) for e in decided]


Handler = Callable[[Any, str, RecordedEvent, E], Awaitable[None]]
StoredHandler = Callable[[Any, str, RecordedEvent], Awaitable[None]]


def on(cls: type[E], handler: Handler[E]) -> tuple[str, StoredHandler]:
    """A projection's handler of ``cls``, keyed by its stored type name; it gets the row and the decoded event."""

    async def decoded(conn: Any, schema: str, recorded: RecordedEvent) -> None:
        event = decode(recorded)
        assert isinstance(event, cls)
        await handler(conn, schema, recorded, event)

    return type_name(cls), decoded
