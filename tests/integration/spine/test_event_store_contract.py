"""One contract, run against every event store implementation."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from common.eventstore import (
    START,
    ConcurrencyError,
    EventStore,
    InMemoryEventStore,
    NewEvent,
    PostgresEventStore,
)


@pytest.fixture(params=["memory", "postgres"])
def store(request: pytest.FixtureRequest) -> EventStore:
    if request.param == "memory":
        return InMemoryEventStore()
    pool = request.getfixturevalue("pool")
    schema = request.getfixturevalue("scratch_schema")
    return PostgresEventStore(pool, schema)


def event(n: int) -> NewEvent:
    return NewEvent("Happened", {"n": n})


async def follow(store: EventStore, seen: list[Any], checkpoint: Any) -> Any:
    for recorded in await store.read_after(checkpoint):
        seen.append((recorded.stream_id, recorded.data["n"]))
        checkpoint = recorded.checkpoint
    return checkpoint


async def follow_until(store: EventStore, seen: list[Any], checkpoint: Any, count: int, limit: int = 100) -> Any:
    """Read on from ``checkpoint`` until ``count`` events were seen. Committed events stay above a reader's horizon
    while any older transaction is open on the cluster (another test's, say), so a read may come back short: it
    goes on from where it stopped, never from the start, so a duplicate or a gap would still show."""
    deadline = time.monotonic() + 30
    while len(seen) < count and time.monotonic() < deadline:
        page = await store.read_after(checkpoint, limit=limit)
        seen.extend((recorded.stream_id, recorded.data["n"]) for recorded in page)
        checkpoint = page[-1].checkpoint if page else checkpoint
        if not page:
            await asyncio.sleep(0.01)
    return checkpoint


async def test_appended_events_load_in_version_order(store: EventStore) -> None:
    async with store.transaction() as tx:
        await tx.append("s-1", 0, [event(1), event(2)])
    async with store.transaction() as tx:
        await tx.append("s-1", 2, [event(3)])
    loaded = await store.load("s-1")
    assert [(e.version, e.data["n"]) for e in loaded] == [(1, 1), (2, 2), (3, 3)]
    assert await store.load("s-2") == []


async def test_wrong_expected_version_is_a_concurrency_error(store: EventStore) -> None:
    async with store.transaction() as tx:
        await tx.append("s-1", 0, [event(1)])
    for stale in (0, 2):
        with pytest.raises(ConcurrencyError):
            async with store.transaction() as tx:
                await tx.append("s-1", stale, [event(9)])
    assert [e.data["n"] for e in await store.load("s-1")] == [1]


async def test_two_concurrent_appends_at_the_same_version_exactly_one_wins(store: EventStore) -> None:
    both_appending = asyncio.Barrier(2) if hasattr(asyncio, "Barrier") else None

    async def writer(n: int) -> str:
        try:
            async with store.transaction() as tx:
                await tx.load("s-1")
                if both_appending:
                    await both_appending.wait()
                await tx.append("s-1", 0, [event(n)])
                await asyncio.sleep(0.05)
            return "won"
        except ConcurrencyError:
            return "lost"

    outcomes = await asyncio.gather(writer(1), writer(2))
    assert sorted(outcomes) == ["lost", "won"]
    assert len(await store.load("s-1")) == 1


async def test_rolled_back_events_never_appear(store: EventStore) -> None:
    with pytest.raises(RuntimeError):
        async with store.transaction() as tx:
            await tx.append("s-1", 0, [event(1)])
            raise RuntimeError("abort")
    assert await store.load("s-1") == []
    assert await store.read_after(START) == []


async def test_a_reader_misses_neither_of_two_transactions_committing_in_reverse_order(
    store: EventStore,
) -> None:
    seen: list[Any] = []
    first = store.transaction()
    tx1 = await first.__aenter__()
    await tx1.append("early", 0, [event(1)])  # takes the lower position
    async with store.transaction() as tx2:
        await tx2.append("late", 0, [event(2)])  # higher position, commits first
    checkpoint = await follow(store, seen, START)
    assert seen == [], "nothing may be read past a transaction that is still open"
    await first.__aexit__(None, None, None)
    checkpoint = await follow_until(store, seen, checkpoint, count=2)
    assert sorted(seen) == [("early", 1), ("late", 2)]
    assert await store.read_after(checkpoint) == []


async def test_read_after_pages_through_everything_once(store: EventStore) -> None:
    for n in range(1, 8):
        async with store.transaction() as tx:
            await tx.append(f"s-{n % 3}", len(await tx.load(f"s-{n % 3}")), [event(n)])
    seen: list[tuple[str, int]] = []
    checkpoint = await follow_until(store, seen, START, count=7, limit=3)
    assert [n for _, n in seen] == list(range(1, 8))
    assert await store.read_after(checkpoint) == []


async def test_metadata_carries_the_correlation_id(store: EventStore) -> None:
    from common import correlation

    correlation.bind("corr-123", "cause-9")
    async with store.transaction() as tx:
        recorded = await tx.append("s-1", 0, [event(1)])
    assert recorded[0].metadata["correlation_id"] == "corr-123"
    assert (await store.load("s-1"))[0].metadata["causation_id"] == "cause-9"
