"""Commands that touch several streams: one transaction, each stream decided against its own history.

Projections follow each append at once, so later reads in the same transaction see its effects.
The first write of the transaction must be an append (see ``common.eventstore.postgres``), so
writes to tables that are not projections (secrets, tokens) come after the appends.
On a concurrent append to any of the streams the whole unit runs again, then gives up with 409.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from common.commands import ATTEMPTS, Decide, Fold, decide_in, in_transaction
from common.eventstore import PostgresEventStore, RecordedEvent
from common.eventstore.postgres import PostgresTransaction
from gateway.adapters.projections import PROJECTIONS

S = TypeVar("S")
T = TypeVar("T")


class Work:
    def __init__(self, tx: PostgresTransaction) -> None:
        self.tx = tx
        self.recorded: list[RecordedEvent] = []

    @property
    def conn(self) -> Any:
        return self.tx.conn

    @property
    def schema(self) -> str:
        return self.tx.schema

    async def lock(self, key: str) -> None:
        """Serialise with other units locking ``key`` until commit; it takes no transaction id, so may come first."""
        await self.conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", key)

    async def load(self, stream_id: str, fold: Fold[S]) -> S:
        return fold(await self.tx.load(stream_id))

    async def decide(self, stream_id: str, fold: Fold[S], decide: Decide[S]) -> S:
        """Append what ``decide`` makes of the stream's state; returns that state (before the new events)."""
        state, recorded = await decide_in(self.tx, PROJECTIONS, stream_id, fold, decide)
        self.recorded += recorded
        return state


async def run(store: PostgresEventStore, unit: Callable[[Work], Awaitable[T]], attempts: int = ATTEMPTS) -> T:
    return await in_transaction(store, lambda tx: unit(Work(tx)), attempts)
