"""Messages that carry a whole state (a coalescing key) pile up while the relay is busy or away: of one page only the
newest of each key goes out, after the messages before it, and every other message still goes, in log order."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from typing import Any

import asyncpg
import pytest
from aio_pika.abc import AbstractRobustConnection

from common.bus.publisher import Publisher
from common.bus.topology import EVENTS
from common.contracts import Message
from common.eventstore import START, NewEvent, PostgresEventStore, RecordedEvent
from common.eventstore.postgres import backlog_after
from common.outbox import Outgoing, latest_only
from tests.integration.spine.test_outbox_relay import relay_for, running
from tests.support.bus import drain, tap
from tests.support.messages import Pinged, Snapshot
from tests.support.waiting import eventually


def translate(event: RecordedEvent) -> Sequence[Message]:
    if event.type == "Snapshot":
        return [Snapshot(key=event.data["key"], n=event.data["n"])]
    return [Pinged(n=event.data["n"])]


async def _all_readable(pool: asyncpg.Pool, schema: str) -> None:
    """Until every event is below the horizon: an open transaction anywhere on the cluster would show the relay a
    part of them."""

    async def readable() -> None:
        async with pool.acquire() as conn:
            assert (await backlog_after(conn, schema, START))[1] == 0

    await eventually(readable, within=60, every=0.05)


@pytest.fixture
async def both_tap(amqp: AbstractRobustConnection) -> AsyncIterator[Any]:
    async with amqp.channel() as channel:
        queue = await tap(channel, EVENTS, "test.*")
        yield queue
        await queue.delete(if_unused=False, if_empty=False)


async def test_a_burst_of_snapshots_goes_out_as_the_newest_of_each_key(
    pool: asyncpg.Pool, scratch_schema: str, database_url: str, publisher: Publisher, both_tap: Any
) -> None:
    store = PostgresEventStore(pool, scratch_schema)
    for n in range(1, 101):
        async with store.transaction() as tx:
            stream = f"set-{'ab'[n % 2]}"
            events = [NewEvent("Snapshot", {"key": stream, "n": n})] + (
                [NewEvent("Pinged", {"n": n})] if n % 10 == 0 else []
            )
            await tx.append(stream, len(await tx.load(stream)), events)

    await _all_readable(pool, scratch_schema)
    async with running(relay_for(database_url, scratch_schema, publisher, translate=translate)):
        received = await drain(both_tap, 12)
    assert [(m["type"], m["payload"].get("key"), m["payload"]["n"]) for m in received] == [
        *(("test.Pinged", None, n) for n in range(10, 100, 10)),
        ("test.Snapshot", "set-b", 99),
        ("test.Snapshot", "set-a", 100),
        ("test.Pinged", None, 100),
    ]


async def test_a_key_published_while_changes_keep_coming_goes_out_at_most_once_per_cooling_time(
    pool: asyncpg.Pool, scratch_schema: str, database_url: str, publisher: Publisher, both_tap: Any
) -> None:
    """A relay that keeps up: without cooling, every change of the burst would go out on its own. (The first change
    is awaited before the burst: while any older transaction of the cluster is open the relay cannot see a commit
    yet, and what it then sees at once goes out as one, which is coalescing too, but not what is shown here.)"""
    store, changes = PostgresEventStore(pool, scratch_schema), 40

    async def change(n: int) -> None:
        async with store.transaction() as tx:
            await tx.append("set-a", n - 1, [NewEvent("Snapshot", {"key": "set-a", "n": n})])
        relay.wake()

    relay = relay_for(database_url, scratch_schema, publisher, translate=translate)
    async with running(relay):
        await change(1)
        first = [m["payload"]["n"] for m in await drain(both_tap, 1)]
        started = asyncio.get_running_loop().time()
        for n in range(2, changes + 1):
            await change(n)
            await asyncio.sleep(0.02)
        elapsed = asyncio.get_running_loop().time() - started
        received = [m["payload"]["n"] for m in await drain(both_tap, 1)]
        while received[-1] != changes:
            received += [m["payload"]["n"] for m in await drain(both_tap, 1)]
    assert first == [1], "the first change after a quiet while goes out alone"
    assert received == sorted(received) and received[-1] == changes, "in order, the last one complete"
    assert len(received) <= elapsed / relay.cooling_seconds + 2, (received, elapsed)


async def test_a_key_that_stays_hot_cools_longer_each_time_up_to_the_longest(
    pool: asyncpg.Pool, scratch_schema: str, database_url: str, publisher: Publisher, both_tap: Any
) -> None:
    """A long burst: each time the key has cooled it is hot again at once, so it cools twice as long, up to the
    longest; at the shortest cooling alone about four times as many sets would go out."""
    store, cooling, longest = PostgresEventStore(pool, scratch_schema), 0.1, 0.4
    relay = relay_for(database_url, scratch_schema, publisher, translate=translate, cooling_seconds=cooling,
                      longest_cooling_seconds=longest)  # fmt: skip
    n = 0
    async with running(relay):
        started = asyncio.get_running_loop().time()
        while (elapsed := asyncio.get_running_loop().time() - started) < 4:
            n += 1
            async with store.transaction() as tx:
                await tx.append("set-a", n - 1, [NewEvent("Snapshot", {"key": "set-a", "n": n})])
            relay.wake()
            await asyncio.sleep(0.01)
        received = [m["payload"]["n"] for m in await drain(both_tap, 1)]
        while received[-1] != n:
            received += [m["payload"]["n"] for m in await drain(both_tap, 1)]
    assert received == sorted(received), "in order, the last one complete"
    warming = 3  # published at 0.1, 0.2 and 0.4 s of cooling before the longest
    assert len(received) <= elapsed / longest + warming + 1, (len(received), elapsed)


async def test_changes_that_come_after_the_key_cooled_each_go_out_and_keep_the_cooling_short(
    pool: asyncpg.Pool, scratch_schema: str, database_url: str, publisher: Publisher, both_tap: Any
) -> None:
    """No burst: every change comes once the last set has cooled, so none waits and none is coalesced (a cooling
    that grew on them would hold the later ones back together)."""
    store, cooling, changes = PostgresEventStore(pool, scratch_schema), 0.1, 8
    relay = relay_for(database_url, scratch_schema, publisher, translate=translate, cooling_seconds=cooling,
                      longest_cooling_seconds=8 * cooling)  # fmt: skip
    async with running(relay):
        for n in range(1, changes + 1):
            async with store.transaction() as tx:
                await tx.append("set-a", n - 1, [NewEvent("Snapshot", {"key": "set-a", "n": n})])
            relay.wake()
            await asyncio.sleep(3 * cooling)
        received = [m["payload"]["n"] for m in await drain(both_tap, changes)]
    assert received == list(range(1, changes + 1))


async def test_a_send_a_later_one_of_the_page_replaces_is_not_even_translated(
    pool: asyncpg.Pool, scratch_schema: str, database_url: str, publisher: Publisher, both_tap: Any
) -> None:
    store, translated = PostgresEventStore(pool, scratch_schema), Counter[str]()
    for n in range(1, 41):
        async with store.transaction() as tx:
            stream = f"set-{'ab'[n % 2]}"
            pinged = [NewEvent("Pinged", {"n": n})] if n == 20 else []
            events = [NewEvent("Snapshot", {"key": stream, "n": n}), *pinged]
            await tx.append(stream, len(await tx.load(stream)), events)

    def counted(event: RecordedEvent) -> Sequence[Message]:
        translated[event.type] += 1
        return translate(event)

    def replaced_by_later(event: RecordedEvent) -> str | None:
        return str(event.data["key"]) if event.type == "Snapshot" else None

    await _all_readable(pool, scratch_schema)
    relay = relay_for(database_url, scratch_schema, publisher, translate=counted, replacement_key=replaced_by_later)
    async with running(relay):
        received = await drain(both_tap, 3)
    assert [(m["type"], m["payload"].get("key"), m["payload"]["n"]) for m in received] == [
        ("test.Pinged", None, 20),
        ("test.Snapshot", "set-b", 39),
        ("test.Snapshot", "set-a", 40),
    ]
    assert translated == {"Snapshot": 2, "Pinged": 1}


def test_latest_only_keeps_the_last_of_each_key_and_everything_without_one() -> None:
    def out(n: int, key: str | None) -> Outgoing:
        return Outgoing(envelope=n, exchange="x", routing_key=str(n), coalescing_key=key)  # type: ignore[arg-type]

    page = [out(1, "a"), out(2, None), out(3, "b"), out(4, "a"), out(5, None), out(6, "b"), out(7, "c")]
    assert [o.routing_key for o in latest_only(page)] == ["2", "4", "5", "6", "7"]
    assert latest_only([]) == []
