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

from collections.abc import Callable, Sequence
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
from common.folding import FoldedStates

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


_CHECKED = "(SELECT coalesce(max(version), 0) FROM {schema}.events WHERE stream_id = $1) = $2 AND"
_APPEND = """
    INSERT INTO {schema}.events (stream_id, version, type, data, metadata)
    SELECT $1, $2 + e.ord, e.type, e.data, e.metadata
    FROM unnest($3::text[], $4::jsonb[], $5::jsonb[]) WITH ORDINALITY AS e(type, data, metadata, ord)
    WHERE {check} ($6 OR (SELECT pg_current_xact_id_if_assigned()) IS NULL)
    RETURNING version, position, txid, recorded_at
"""
_APPEND_ONE = """
    INSERT INTO {schema}.events (stream_id, version, type, data, metadata)
    SELECT $1, $2 + 1, $3, $4, $5
    WHERE {check} ($6 OR (SELECT pg_current_xact_id_if_assigned()) IS NULL)
    RETURNING version, position, txid, recorded_at
"""
# The first-write guard is an uncorrelated subquery, so Postgres evaluates it once, before the
# first row is inserted (which is what assigns the transaction id). Checking it in the INSERT
# itself saves a round trip per append; only a refused append pays a second query to say why.
#
# The unique (stream_id, version) index refuses an append behind the stream. Only an append
# *ahead* of the stream (which would leave a gap) needs the stream's head read: and a stream is
# never behind a version this process saw committed, so that read is skipped when the expected
# version is one the store knows the stream has reached. (Reading the head, on the very index
# page concurrent appends write, cost a quarter of the throughput at 8 writers.)


_LOAD_IF_LOCKED = """
    SELECT taken.locked, e.* FROM (SELECT pg_try_advisory_xact_lock(hashtextextended($3, 0)) AS locked) AS taken
    LEFT JOIN LATERAL (
        SELECT {columns} FROM {schema}.events WHERE stream_id = $1 AND version > $2 AND taken.locked
    ) AS e ON true
    ORDER BY e.version
"""


class _Queries:
    def __init__(self, schema: str) -> None:
        self.load_if_locked = _LOAD_IF_LOCKED.format(schema=schema, columns=_COLUMNS)
        checked, trusted = _CHECKED.format(schema=schema), ""
        self.append = {
            True: _APPEND.format(schema=schema, check=checked),
            False: _APPEND.format(schema=schema, check=trusted),
        }
        self.append_one = {
            True: _APPEND_ONE.format(schema=schema, check=checked),
            False: _APPEND_ONE.format(schema=schema, check=trusted),
        }


class StreamHeads:
    """The highest version of each stream this process has seen committed (bounded: forgetting only costs a read)."""

    def __init__(self, max_streams: int = 100_000) -> None:
        self.max_streams = max_streams
        self._versions: dict[str, int] = {}

    def reached(self, stream_id: str, version: int) -> bool:
        return version <= self._versions.get(stream_id, 0)

    def saw(self, stream_id: str, version: int) -> None:
        if version > self._versions.get(stream_id, 0):
            if len(self._versions) >= self.max_streams:
                self._versions.clear()
            self._versions[stream_id] = version


class PostgresTransaction:
    def __init__(
        self, conn: asyncpg.Connection, schema: str, queries: _Queries, heads: StreamHeads, folded: FoldedStates
    ) -> None:
        self.conn = conn
        self.schema = schema
        self.folded = folded
        self.appended = False
        self.written: dict[str, int] = {}
        self._queries = queries
        self._heads = heads

    async def load(self, stream_id: str, *, lock: bool = False, after: int = 0) -> list[RecordedEvent]:
        """The stream's events from version ``after + 1``. ``lock``: first wait for, and hold until commit, the
        stream's lock, so writers of one stream take turns instead of colliding and retrying (the lock assigns no
        transaction id)."""
        if lock:
            events = await self._load_locked(stream_id, after)
        else:
            events = await _load(self.conn, self.schema, stream_id, after)
        if events:
            self._heads.saw(stream_id, events[-1].version)  # committed: read under this statement's snapshot
        return events

    async def _load_locked(self, stream_id: str, after: int) -> list[RecordedEvent]:
        # A statement's snapshot is taken when it starts, so a load that waited for the lock inside its own
        # statement would miss what the holder committed: a lock that is free is taken and the stream read in one
        # statement, a lock held by another is waited for in a statement of its own and the stream read after it.
        # (Should the holder commit between the statement's snapshot and its try, the unit decides on a stream it
        # read behind, and its append collides on the stream's versions: a retry, never a lost write.)
        key = f"{self.schema}:{stream_id}"
        rows = await self.conn.fetch(self._queries.load_if_locked, stream_id, after, key)
        if rows[0]["locked"]:
            return [_record(r) for r in rows if r["version"] is not None]
        await self.conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", key)
        return await _load(self.conn, self.schema, stream_id, after)

    async def append(self, stream_id: str, expected_version: int, events: Sequence[NewEvent]) -> list[RecordedEvent]:
        if not events:
            return []
        metadata = [e.stamped() for e in events]
        check = not self._heads.reached(stream_id, expected_version)
        values: tuple[object, ...]
        if len(events) == 1:  # most appends: no arrays to build and unnest
            query, values = self._queries.append_one[check], (events[0].type, events[0].data, metadata[0])
        else:
            query = self._queries.append[check]
            values = ([e.type for e in events], [e.data for e in events], metadata)
        try:
            rows = await self.conn.fetch(query, stream_id, expected_version, *values, self.appended)
        except asyncpg.UniqueViolationError as exc:
            raise ConcurrencyError(f"{stream_id} moved past version {expected_version}") from exc
        if not rows:
            await self._explain_refusal(stream_id, expected_version)
        self.appended = True
        self.written[stream_id] = expected_version + len(events)
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


async def _load(conn: Any, schema: str, stream_id: str, after: int = 0) -> list[RecordedEvent]:
    rows = await conn.fetch(
        f"SELECT {_COLUMNS} FROM {schema}.events WHERE stream_id = $1 AND version > $2 ORDER BY version",
        stream_id, after,
    )  # fmt: skip
    return [_record(r) for r in rows]


class PostgresEventStore:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.schema = identifier(schema)
        self.queries = _Queries(self.schema)
        self.heads = StreamHeads()
        self.folded = FoldedStates()  # what units of work folded of its streams (common.folding)
        self.committed: list[Callable[[], None]] = []

    def on_commit(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` after every transaction that appended commits (the relay's wake-up)."""
        self.committed.append(callback)

    def transaction(self) -> _Transaction:
        return _Transaction(self)

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


def backlog_query(schema: str) -> str:
    """Committed events after the checkpoint ``($1, $2)``: ``ready``, below the horizon, and all ``committed``."""
    return f"""SELECT count(*) FILTER (WHERE txid < pg_snapshot_xmin(pg_current_snapshot())) AS ready,
                      count(*) AS committed
               FROM {schema}.events WHERE (txid, position) > ($1::xid8, $2::bigint)"""


def backlog(row: Any) -> tuple[int, int]:
    return int(row["ready"]), int(row["committed"]) - int(row["ready"])


async def backlog_after(conn: Any, schema: str, checkpoint: Checkpoint) -> tuple[int, int]:
    """Committed events after ``checkpoint``: how many a reader may take now, and how many an older transaction still
    open holds above the horizon (xids are the cluster's: an open one in any database holds it)."""
    return backlog(await conn.fetchrow(backlog_query(schema), checkpoint.txid, checkpoint.position))


class _Transaction:
    """``async with store.transaction() as tx``: a pooled connection in a transaction; appends wake the relay.

    A plain class rather than a generator-based context manager: it wraps every command.
    """

    def __init__(self, store: PostgresEventStore) -> None:
        self.store = store

    async def __aenter__(self) -> PostgresTransaction:
        self._acquired = self.store.pool.acquire()
        conn = await self._acquired.__aenter__()
        self._transaction = conn.transaction()
        try:
            await self._transaction.__aenter__()
        except BaseException:
            await self._acquired.__aexit__(None, None, None)
            raise
        self.tx = PostgresTransaction(conn, self.store.schema, self.store.queries, self.store.heads, self.store.folded)
        return self.tx

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: Any) -> None:
        try:
            await self._transaction.__aexit__(kind, error, tb)
        finally:
            await self._acquired.__aexit__(kind, error, tb)
        if kind is None and self.tx.appended:
            for stream_id, version in self.tx.written.items():
                self.store.heads.saw(stream_id, version)  # only once committed: a rolled-back append reached nothing
            for callback in self.store.committed:
                callback()
