"""The Postgres event store: one ``events`` table per service schema.

Ordering. Positions come from a sequence, so they are handed out when rows are inserted, not
when transactions commit: a transaction holding position 7 can commit after one holding 8.
A reader that remembered "I have read up to 8" would then skip 7 for ever. So each row also
records the id of the transaction that wrote it, and readers (a) order by (txid, position) and
(b) only look at rows whose transaction is older than every transaction still running
(``txid < pg_snapshot_xmin(pg_current_snapshot())``). Everything below that horizon has either
committed or rolled back, so nothing can later appear behind a reader's checkpoint.

For this order to also respect each stream's versions, a transaction's transaction id must be
allocated by its first append. Postgres allocates it at a transaction's first write, so the
append must be the first write of its transaction; ``append`` checks that and raises
``EventStoreMisuse`` otherwise. (A transaction that wrote something else first could hold an
older txid than a transaction whose events it then read and extended.)
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg

from common.db import identifier
from common.eventstore.model import (
    Checkpoint,
    ConcurrencyError,
    EventStoreMisuse,
    NewEvent,
    RecordedEvent,
)

# ``txid`` keeps its xid8 type (asyncpg reads it as an int): a text alias of the same name would
# make ``ORDER BY txid`` sort the text, so "10000" would come before "9999".
_COLUMNS = "stream_id, version, type, data, metadata, position, txid, recorded_at"


def _record(row: asyncpg.Record) -> RecordedEvent:
    return RecordedEvent(
        stream_id=row["stream_id"],
        version=row["version"],
        type=row["type"],
        data=row["data"],
        metadata=row["metadata"],
        position=row["position"],
        txid=row["txid"],
        recorded_at=row["recorded_at"],
    )


_APPEND = """
    INSERT INTO {schema}.events (stream_id, version, type, data, metadata)
    SELECT $1, $2 + e.ord, e.type, e.data, e.metadata
    FROM unnest($3::text[], $4::jsonb[], $5::jsonb[]) WITH ORDINALITY AS e(type, data, metadata, ord)
    WHERE (SELECT coalesce(max(version), 0) FROM {schema}.events WHERE stream_id = $1) = $2
      AND ($6 OR (SELECT pg_current_xact_id_if_assigned()) IS NULL)
    RETURNING version, position, txid, recorded_at
"""
_APPEND_ONE = """
    INSERT INTO {schema}.events (stream_id, version, type, data, metadata)
    SELECT $1, $2 + 1, $3, $4, $5
    WHERE (SELECT coalesce(max(version), 0) FROM {schema}.events WHERE stream_id = $1) = $2
      AND ($6 OR (SELECT pg_current_xact_id_if_assigned()) IS NULL)
    RETURNING version, position, txid, recorded_at
"""
# The first-write guard is an uncorrelated subquery, so Postgres evaluates it once, before the
# first row is inserted (which is what assigns the transaction id). Checking it in the INSERT
# itself saves a round trip per append; only a refused append pays a second query to say why.


class PostgresTransaction:
    def __init__(self, conn: asyncpg.Connection, schema: str) -> None:
        self.conn = conn
        self.schema = schema
        self.appended = False

    async def load(self, stream_id: str) -> list[RecordedEvent]:
        return await _load(self.conn, self.schema, stream_id)

    async def append(self, stream_id: str, expected_version: int, events: Sequence[NewEvent]) -> list[RecordedEvent]:
        if not events:
            return []
        metadata = [e.stamped() for e in events]
        values: tuple[object, ...]
        if len(events) == 1:  # most appends: no arrays to build and unnest
            query, values = _APPEND_ONE, (events[0].type, events[0].data, metadata[0])
        else:
            query, values = _APPEND, ([e.type for e in events], [e.data for e in events], metadata)
        try:
            rows = await self.conn.fetch(
                query.format(schema=self.schema), stream_id, expected_version, *values, self.appended
            )
        except asyncpg.UniqueViolationError as exc:
            raise ConcurrencyError(f"{stream_id} moved past version {expected_version}") from exc
        if not rows:
            await self._explain_refusal(stream_id, expected_version)
        self.appended = True
        return [
            RecordedEvent(
                stream_id, row["version"], e.type, e.data, meta, row["position"], row["txid"], row["recorded_at"]
            )
            for row, e, meta in zip(rows, events, metadata, strict=True)
        ]

    async def _explain_refusal(self, stream_id: str, expected_version: int) -> None:
        if not self.appended and await self.conn.fetchval("SELECT pg_current_xact_id_if_assigned() IS NOT NULL"):
            raise EventStoreMisuse("append must be the first write of its transaction")
        raise ConcurrencyError(f"{stream_id} is not at version {expected_version}")


async def _load(conn: Any, schema: str, stream_id: str) -> list[RecordedEvent]:
    rows = await conn.fetch(f"SELECT {_COLUMNS} FROM {schema}.events WHERE stream_id = $1 ORDER BY version", stream_id)
    return [_record(r) for r in rows]


class PostgresEventStore:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.schema = identifier(schema)
        self._on_commit: list[Callable[[], None]] = []

    def on_commit(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` after every transaction that appended commits (the relay's wake-up)."""
        self._on_commit.append(callback)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PostgresTransaction]:
        async with self.pool.acquire() as conn:
            async with conn.transaction():
                tx = PostgresTransaction(conn, self.schema)
                yield tx
            if tx.appended:
                for callback in self._on_commit:
                    callback()

    async def load(self, stream_id: str) -> list[RecordedEvent]:
        return await _load(self.pool, self.schema, stream_id)

    async def read_after(self, checkpoint: Checkpoint, limit: int = 500) -> list[RecordedEvent]:
        return await read_after(self.pool, self.schema, checkpoint, limit)


_COMMITTED_AFTER = """
    FROM {schema}.events
    WHERE (txid, position) > ($1::xid8, $2::bigint)
      AND txid < pg_snapshot_xmin(pg_current_snapshot())
"""


def read_after_query(schema: str) -> str:
    """A page of the log: the ``(txid, position)`` index walked from the checkpoint, no sort."""
    return f"SELECT {_COLUMNS} {_COMMITTED_AFTER.format(schema=schema)} ORDER BY txid, position LIMIT $3"


async def read_after(conn: Any, schema: str, checkpoint: Checkpoint, limit: int = 500) -> list[RecordedEvent]:
    rows = await conn.fetch(read_after_query(schema), checkpoint.txid, checkpoint.position, limit)
    return [_record(r) for r in rows]


async def count_after(conn: Any, schema: str, checkpoint: Checkpoint) -> int:
    """Committed events a reader at ``checkpoint`` has not handled yet (the outbox lag)."""
    query = f"SELECT count(*) {_COMMITTED_AFTER.format(schema=schema)}"
    return int(await conn.fetchval(query, checkpoint.txid, checkpoint.position))
