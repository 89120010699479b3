"""Rules only the Postgres store has to enforce."""

from __future__ import annotations

import asyncpg
import pytest

from common.eventstore import ConcurrencyError, EventStoreMisuse, NewEvent, PostgresEventStore


async def test_an_append_after_another_write_in_the_same_transaction_is_refused(
    pool: asyncpg.Pool, scratch_schema: str
) -> None:
    store = PostgresEventStore(pool, scratch_schema)
    with pytest.raises(EventStoreMisuse):
        async with store.transaction() as tx:
            await tx.conn.execute(
                f"INSERT INTO {scratch_schema}.inbox (consumer, message_id, message_type)"
                " VALUES ('c', gen_random_uuid(), 't')"
            )
            await tx.append("s-1", 0, [NewEvent("Happened", {})])
    assert await store.load("s-1") == []


async def test_several_appends_in_one_transaction_are_allowed(pool: asyncpg.Pool, scratch_schema: str) -> None:
    store = PostgresEventStore(pool, scratch_schema)
    async with store.transaction() as tx:
        await tx.append("a", 0, [NewEvent("Happened", {})])
        await tx.append("b", 0, [NewEvent("Happened", {})])
    assert len(await store.load("a")) == len(await store.load("b")) == 1


async def test_an_append_ahead_of_the_stream_is_refused_whatever_the_store_has_seen(
    pool: asyncpg.Pool, scratch_schema: str
) -> None:
    """The store skips reading a stream's head for versions it saw committed; it must still refuse a gap."""
    mine, elsewhere = PostgresEventStore(pool, scratch_schema), PostgresEventStore(pool, scratch_schema)
    async with mine.transaction() as tx:
        await tx.append("s", 0, [NewEvent("Happened", {})])
    for store, ahead in ((elsewhere, 3), (mine, 2)):
        with pytest.raises(ConcurrencyError):
            async with store.transaction() as tx:
                await tx.append("s", ahead, [NewEvent("Happened", {})])
    with pytest.raises(RuntimeError):
        async with mine.transaction() as tx:
            await tx.append("s", 1, [NewEvent("Happened", {})])  # reaches version 2, then rolls back
            raise RuntimeError("rolled back")
    with pytest.raises(ConcurrencyError):
        async with mine.transaction() as tx:
            await tx.append("s", 2, [NewEvent("Happened", {})])  # version 2 was never committed
    async with elsewhere.transaction() as tx:
        await tx.append("s", 1, [NewEvent("Happened", {})])
    with pytest.raises(ConcurrencyError):
        async with mine.transaction() as tx:
            await tx.append("s", 1, [NewEvent("Happened", {})])  # another process moved it on
    assert [e.version for e in await mine.load("s")] == [1, 2]
