"""A stream in memory, so domain decisions can be driven the way ``common.commands.execute`` drives them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Generic, TypeVar

from common.eventstore import NewEvent, RecordedEvent

S = TypeVar("S")
RECORDED_AT = datetime(2024, 1, 1, tzinfo=UTC)


class Stream(Generic[S]):
    def __init__(self, stream_id: str, fold: Callable[[Sequence[RecordedEvent]], S]) -> None:
        self.stream_id = stream_id
        self.fold = fold
        self.history: list[RecordedEvent] = []

    @property
    def state(self) -> S:
        return self.fold(self.history)

    def run(self, decide: Callable[[S], Sequence[NewEvent]]) -> list[NewEvent]:
        """Decide against the current state and record what was decided; returns the new events."""
        events = list(decide(self.state))
        start = len(self.history)
        self.history += [
            RecordedEvent(self.stream_id, start + i, e.type, dict(e.data), {}, start + i, 1, RECORDED_AT)
            for i, e in enumerate(events, start=1)
        ]
        return events

    def types(self) -> list[str]:
        return [e.type for e in self.history]
