"""What the event store stores and the interface both implementations honour."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple, Protocol

from common import correlation
from common.folding import FoldedStates


class ConcurrencyError(Exception):
    """The stream moved past the expected version before this append committed."""


class EventStoreMisuse(RuntimeError):
    """The caller broke a rule the ordering guarantees depend on."""


class Checkpoint(NamedTuple):
    """A reader's place in the log: the (transaction id, position) of the last event it handled."""

    txid: int
    position: int


START = Checkpoint(0, 0)


@dataclass(frozen=True)
class NewEvent:
    type: str
    data: dict[str, Any]
    metadata: dict[str, Any] = field(default_factory=dict)

    def stamped(self) -> dict[str, Any]:
        """Metadata with the correlation and causation ids of the work in progress."""
        return {
            "correlation_id": correlation.correlation_id(),
            "causation_id": correlation.causation_id(),
            "actor_user_id": correlation.actor(),
            **self.metadata,
        }


class RecordedEvent(NamedTuple):
    """An event as the log holds it (a named tuple: read in thousands, so cheap to build)."""

    stream_id: str
    version: int
    type: str
    data: dict[str, Any]
    metadata: dict[str, Any]
    position: int
    txid: int
    recorded_at: datetime

    @property
    def checkpoint(self) -> Checkpoint:
        return Checkpoint(self.txid, self.position)


class EventTransaction(Protocol):
    folded: FoldedStates  # the store's: what units of work folded of its streams (``common.folding``)
    written: dict[str, int]  # each stream this transaction appended to, with the version it reached

    async def load(self, stream_id: str, *, lock: bool = False, after: int = 0) -> list[RecordedEvent]: ...

    async def append(
        self, stream_id: str, expected_version: int, events: Sequence[NewEvent]
    ) -> list[RecordedEvent]: ...


class EventStore(Protocol):
    def transaction(self) -> AbstractAsyncContextManager[EventTransaction]: ...

    async def load(self, stream_id: str) -> list[RecordedEvent]: ...

    async def read_after(self, checkpoint: Checkpoint, limit: int = 500) -> list[RecordedEvent]: ...
