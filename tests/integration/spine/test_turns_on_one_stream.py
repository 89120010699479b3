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


async def test_commands_taking_turns_from_the_first_attempt_all_succeed_in_turn(
    pool: asyncpg.Pool, scratch_schema: str
) -> None:
    stores = [PostgresEventStore(pool, scratch_schema) for _ in range(2)]
    runners = [PostgresRunner(store, (), take_turns=True) for store in stores]
    await asyncio.gather(*(execute(runners[n % 2], "counter", count, one_more) for n in range(50)))
    assert [e.data["n"] for e in await stores[0].load("counter")] == list(range(1, 51))


async def test_a_load_that_waited_for_the_lock_reads_what_its_holder_committed(
    pool: asyncpg.Pool, scratch_schema: str
) -> None:
    store = PostgresEventStore(pool, scratch_schema)
    async with store.transaction() as tx:
        await tx.append("counter", 0, [NewEvent("Counted", {"n": 1})])
    holding = store.transaction()
    holder = await holding.__aenter__()
    await holder.load("counter", lock=True)
    await holder.append("counter", 1, [NewEvent("Counted", {"n": 2})])

    async def waiter() -> list[int]:
        async with store.transaction() as tx:
            return [e.data["n"] for e in await tx.load("counter", lock=True)]

    waiting = asyncio.create_task(waiter())
    await asyncio.sleep(0.3)
    assert not waiting.done()  # the lock is held
    await holding.__aexit__(None, None, None)
    assert await waiting == [1, 2]
