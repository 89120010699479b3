"""The outbox relay publishes committed events in commit order, and loses none when it dies."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from typing import Any

import asyncpg
import pytest
from aio_pika.abc import AbstractRobustConnection

from common.bus.publisher import Publisher
from common.bus.topology import EVENTS, Topology
from common.contracts import Envelope, Message
from common.eventstore import NewEvent, PostgresEventStore, RecordedEvent
from common.outbox import OutboxRelay
from tests.support.bus import drain, tap
from tests.support.messages import Pinged

NOBODY = Topology()  # no subscription expects these messages: a test's tap is the only taker


def translate(event: RecordedEvent) -> Sequence[Message]:
    return [Pinged(n=event.data["n"])] if event.type == "Pinged" else []


def translate_with_a_bug(event: RecordedEvent) -> Sequence[Message]:
    if event.data["n"] == 13:
        raise KeyError("a translation bug")
    return translate(event)


class CountingPublisher:
    """Passes through to a real publisher; can be made to hang just before publishing."""

    def __init__(self, real: Publisher, hang: bool = False) -> None:
        self.real, self.hang, self.calls = real, hang, 0
        self.about_to_publish = asyncio.Event()

    async def declare(self, topology: Topology) -> None:
        await self.real.declare(topology)

    async def publish_envelope(self, envelope: Envelope, exchange: str, routing_key: str) -> bool:
        self.about_to_publish.set()
        if self.hang:
            await asyncio.Event().wait()
        self.calls += 1
        return await self.real.publish_envelope(envelope, exchange, routing_key)


@contextlib.asynccontextmanager
async def running(relay: OutboxRelay) -> AsyncIterator[asyncio.Task[None]]:
    task = asyncio.create_task(relay.run())
    try:
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def relay_for(
    database_url: str, schema: str, publisher: Any, topology: Topology = NOBODY, translate: Any = translate,
    **tuning: Any,
) -> OutboxRelay:  # fmt: skip
    return OutboxRelay(
        service="spine-tests",
        schema=schema,
        database_url=database_url,
        publisher=publisher,
        translate=translate,
        topology=topology,
        poll_seconds=0.2,
        **tuning,
    )


async def append(store: PostgresEventStore, stream: str, *ns: int) -> None:
    async with store.transaction() as tx:
        version = len(await tx.load(stream))
        await tx.append(stream, version, [NewEvent("Pinged", {"n": n}) for n in ns])


@pytest.fixture
async def events_tap(amqp: AbstractRobustConnection) -> AsyncIterator[Any]:
    async with amqp.channel() as channel:
        queue = await tap(channel, EVENTS, Pinged.TYPE)
        yield queue
        await queue.delete(if_unused=False, if_empty=False)


async def test_committed_events_are_published_once_in_commit_order(
    pool: asyncpg.Pool, scratch_schema: str, database_url: str, publisher: Publisher, events_tap: Any
) -> None:
    store = PostgresEventStore(pool, scratch_schema)
    await append(store, "a", 1, 2)
    async with running(relay_for(database_url, scratch_schema, publisher)):
        await append(store, "b", 3)
        await append(store, "a", 4)
        received = await drain(events_tap, 4)
    assert [m["payload"]["n"] for m in received] == [1, 2, 3, 4]
    assert len({m["message_id"] for m in received}) == 4
    assert all(m["producer"] == "spine-tests" and m["type"] == "test.Pinged" for m in received)


async def test_an_event_committed_before_the_relay_died_is_still_delivered(
    pool: asyncpg.Pool, scratch_schema: str, database_url: str, publisher: Publisher, events_tap: Any
) -> None:
    store = PostgresEventStore(pool, scratch_schema)
    doomed = CountingPublisher(publisher, hang=True)
    async with running(relay_for(database_url, scratch_schema, doomed)):
        await append(store, "a", 7)
        await asyncio.wait_for(doomed.about_to_publish.wait(), 10)
    # killed between commit and publish: nothing went out
    assert doomed.calls == 0
    async with running(relay_for(database_url, scratch_schema, publisher)):
        received = await drain(events_tap, 1)
    assert received[0]["payload"]["n"] == 7


async def test_two_relays_publish_each_event_once_and_the_survivor_takes_over(
    pool: asyncpg.Pool, scratch_schema: str, database_url: str, publisher: Publisher, events_tap: Any
) -> None:
    store = PostgresEventStore(pool, scratch_schema)
    first, second = CountingPublisher(publisher), CountingPublisher(publisher)
    async with running(relay_for(database_url, scratch_schema, first)):
        await asyncio.sleep(0.3)  # let the first take the lock
        async with running(relay_for(database_url, scratch_schema, second)):
            await append(store, "a", 1, 2, 3)
            received = await drain(events_tap, 3)
            assert (first.calls, second.calls) == (3, 0)
        await append(store, "a", 4)
        received += await drain(events_tap, 1)
    assert [m["payload"]["n"] for m in received] == [1, 2, 3, 4]

    third = CountingPublisher(publisher)
    async with running(relay_for(database_url, scratch_schema, third)):
        await append(store, "a", 5)
        received = await drain(events_tap, 1)
    assert received[0]["payload"]["n"] == 5 and third.calls == 1


async def test_an_event_that_cannot_become_a_message_is_set_aside_and_the_rest_flow(
    pool: asyncpg.Pool, scratch_schema: str, database_url: str, publisher: Publisher, events_tap: Any
) -> None:
    store = PostgresEventStore(pool, scratch_schema)
    await append(store, "a", 12, 13, 14)
    async with running(relay_for(database_url, scratch_schema, publisher, translate=translate_with_a_bug)):
        received = await drain(events_tap, 2)
    assert [m["payload"]["n"] for m in received] == [12, 14]
    failure = await pool.fetchrow(f"SELECT stream_id, version, error FROM {scratch_schema}.relay_failures")
    assert (failure["stream_id"], failure["version"]) == ("a", 2) and "translation bug" in failure["error"]


class HorizonWatchingRelay(OutboxRelay):
    """Says when it first waits with committed events held back by an older open transaction."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.held_back = asyncio.Event()

    async def _wait_for_more(self, held_back: bool) -> None:
        if held_back:
            self.held_back.set()
        await super()._wait_for_more(held_back)


async def test_an_event_held_back_by_an_older_open_transaction_goes_out_when_it_ends_without_a_poll(
    pool: asyncpg.Pool, scratch_schema: str, database_url: str, publisher: Publisher, events_tap: Any
) -> None:
    """The open transaction may be any service's (xids are the cluster's), and its end wakes nobody: the relay
    must look again on its own, long before its poll (an hour here)."""
    store = PostgresEventStore(pool, scratch_schema)
    relay = HorizonWatchingRelay(
        service="spine-tests", schema=scratch_schema, database_url=database_url, publisher=publisher,
        translate=translate, topology=NOBODY, poll_seconds=3600,
    )  # fmt: skip
    store.on_commit(relay.wake)
    async with running(relay), pool.acquire() as older:
        await append(store, "a", 1)
        await drain(events_tap, 1)
        async with older.transaction():
            await older.fetchval("SELECT pg_current_xact_id()")  # an xid older than the append's
            await append(store, "a", 2)  # wakes the relay, which cannot see it yet
            await asyncio.wait_for(relay.held_back.wait(), 10)
        received = await drain(events_tap, 1)
    assert received[0]["payload"]["n"] == 2
