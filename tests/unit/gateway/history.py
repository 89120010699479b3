"""A stream in memory, so domain decisions can be driven the way a unit of work drives them: decided events go
through the store boundary's codec, so what the tests see is what the log would hold."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Generic, TypeVar

from common.eventstore import NewEvent, RecordedEvent
from gateway.adapters.codec import decode_all, encode_all
from gateway.domain.events import Event

S = TypeVar("S")
RECORDED_AT = datetime(2024, 1, 1, tzinfo=UTC)


class Stream(Generic[S]):
    def __init__(self, stream_id: str, fold: Callable[[Sequence[Event]], S]) -> None:
        self.stream_id = stream_id
        self.fold = fold
        self.history: list[RecordedEvent] = []

    @property
    def state(self) -> S:
        return self.fold(decode_all(self.history))

    def run(self, decide: Callable[[S], Sequence[Event]]) -> list[NewEvent]:
        """Decide against the current state and record what was decided; returns the new events as stored."""
        events = encode_all(decide(self.state))
        start = len(self.history)
        self.history += [
            RecordedEvent(self.stream_id, start + i, e.type, dict(e.data), {}, start + i, 1, RECORDED_AT)
            for i, e in enumerate(events, start=1)
        ]
        return events

    def types(self) -> list[str]:
        return [e.type for e in self.history]
