"""Commands on one stream: writers take turns on the stream's lock, so a busy stream does not turn into 409s."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import asyncpg

from common.eventstore import NewEvent, PostgresEventStore, RecordedEvent
from common.unit_of_work import PostgresRunner, execute


def count(history: Sequence[RecordedEvent]) -> int:
    return len(history)


def one_more(seen: int) -> list[NewEvent]:
    return [NewEvent("Counted", {"n": seen + 1})]


async def test_fifty_concurrent_commands_on_one_stream_all_succeed_in_turn(
    pool: asyncpg.Pool, scratch_schema: str
) -> None:
    stores = [PostgresEventStore(pool, scratch_schema) for _ in range(2)]  # as two replicas would
    await asyncio.gather(*(execute(PostgresRunner(stores[n % 2], ()), "counter", count, one_more) for n in range(50)))
    history = await stores[0].load("counter")
    assert [e.data["n"] for e in history] == list(range(1, 51))
