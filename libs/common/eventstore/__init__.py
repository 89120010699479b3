"""Append-only event streams with optimistic concurrency, read back in commit order."""

from common.eventstore.memory import InMemoryEventStore
from common.eventstore.model import (
    START,
    Checkpoint,
    ConcurrencyError,
    EventStore,
    EventStoreMisuse,
    EventTransaction,
    NewEvent,
    RecordedEvent,
)
from common.eventstore.postgres import PostgresEventStore

__all__ = [
    "START",
    "Checkpoint",
    "ConcurrencyError",
    "EventStore",
    "EventStoreMisuse",
    "EventTransaction",
    "InMemoryEventStore",
    "NewEvent",
    "PostgresEventStore",
    "RecordedEvent",
]
