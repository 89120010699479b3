"""Rules only the Postgres store has to enforce."""

from __future__ import annotations

import asyncpg
import pytest

from common.eventstore import EventStoreMisuse, NewEvent, PostgresEventStore


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
