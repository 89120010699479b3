"""An in-memory event store with the Postgres store's semantics, for unit tests of domain logic.

Transactions buffer their events until commit. Like Postgres, a transaction gets its id at its
first append, appends to a version another open transaction already holds wait for it to finish,
and readers see only events below the oldest open transaction.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from common.eventstore.model import Checkpoint, ConcurrencyError, NewEvent, RecordedEvent
from common.folding import FoldedStates


class InMemoryTransaction:
    def __init__(self, store: InMemoryEventStore) -> None:
        self._store = store
        self.folded = store.folded
        self.written: dict[str, int] = {}
        self.txid: int | None = None
        self.pending: list[RecordedEvent] = []
        self.finished = asyncio.Event()

    async def load(self, stream_id: str, *, lock: bool = False, after: int = 0) -> list[RecordedEvent]:
        """``lock`` is accepted for the Postgres store's sake; a single event loop needs none here."""
        own = [e for e in self.pending if e.stream_id == stream_id]
        return [e for e in await self._store.load(stream_id) + own if e.version > after]

    async def append(self, stream_id: str, expected_version: int, events: Sequence[NewEvent]) -> list[RecordedEvent]:
        if not events:
            return []
        await self._store.wait_for_holders(self, stream_id, expected_version + 1)
        current = len(await self.load(stream_id))
        if current != expected_version:
            raise ConcurrencyError(f"{stream_id} is at {current}, not {expected_version}")
        if self.txid is None:
            self.txid = self._store.allocate_txid(self)
        recorded = [
            RecordedEvent(
                stream_id=stream_id,
                version=expected_version + i,
                type=e.type,
                data=dict(e.data),
                metadata=e.stamped(),
                position=next(self._store.positions),
                txid=self.txid,
                recorded_at=datetime.now(UTC),
            )
            for i, e in enumerate(events, start=1)
        ]
        self.pending.extend(recorded)
        self.written[stream_id] = expected_version + len(events)
        return recorded


class InMemoryEventStore:
    def __init__(self) -> None:
        self.committed: list[RecordedEvent] = []
        self.positions = itertools.count(1)
        self.folded = FoldedStates()  # what units of work folded of its streams (common.folding)
        self._txids = itertools.count(1)
        self._open: dict[int, InMemoryTransaction] = {}

    def allocate_txid(self, tx: InMemoryTransaction) -> int:
        txid = next(self._txids)
        self._open[txid] = tx
        return txid

    async def wait_for_holders(self, me: InMemoryTransaction, stream_id: str, version: int) -> None:
        for other in list(self._open.values()):
            holds = any(e.stream_id == stream_id and e.version == version for e in other.pending)
            if other is not me and holds:
                await other.finished.wait()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[InMemoryTransaction]:
        tx = InMemoryTransaction(self)
        try:
            yield tx
            self.committed.extend(tx.pending)
        finally:
            if tx.txid is not None:
                self._open.pop(tx.txid, None)
            tx.finished.set()

    async def load(self, stream_id: str) -> list[RecordedEvent]:
        return [e for e in self.committed if e.stream_id == stream_id]

    async def read_after(self, checkpoint: Checkpoint, limit: int = 500) -> list[RecordedEvent]:
        horizon = min(self._open, default=None)
        visible = [e for e in self.committed if e.checkpoint > checkpoint and (horizon is None or e.txid < horizon)]
        return sorted(visible, key=lambda e: e.checkpoint)[:limit]
