"""The relay declares the whole topology before it publishes, and never drops a message a queue should get.

Published without ``mandatory`` to a queue not yet declared, a message is confirmed by the broker
and dropped: a service started before its consumers lost everything it said in between.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator

import aiormq
import asyncpg
import pytest
from aio_pika.abc import AbstractRobustConnection

from common.bus.publisher import Publisher
from common.bus.topology import Subscription, Topology, dead_letter_queue, topology_of
from common.contracts import Message
from common.eventstore import PostgresEventStore, RecordedEvent
from tests.integration.spine.test_outbox_relay import append, relay_for, running
from tests.support.bus import drain
from tests.support.messages import Heard
from tests.support.waiting import eventually


def heard(event: RecordedEvent) -> list[Message]:
    return [Heard(n=event.data["n"])]


@pytest.fixture
async def subscribed(amqp: AbstractRobustConnection) -> AsyncIterator[Topology]:
    """A topology with one subscriber of Heard whose queue does not exist yet."""
    queue = f"spine-tests.later.{uuid.uuid4().hex[:8]}"
    yield topology_of([Subscription(queue, (Heard,))], [Heard])
    async with amqp.channel() as channel:
        await channel.queue_delete(queue)
        await channel.queue_delete(dead_letter_queue(queue))


async def queue_of(amqp: AbstractRobustConnection, topology: Topology) -> object:
    channel = await amqp.channel()
    return await channel.declare_queue(topology.queues[0].name, passive=True)


async def test_a_producer_started_before_its_consumer_loses_nothing(
    pool: asyncpg.Pool,
    scratch_schema: str,
    database_url: str,
    publisher: Publisher,
    amqp: AbstractRobustConnection,
    subscribed: Topology,
) -> None:
    store = PostgresEventStore(pool, scratch_schema)
    await append(store, "a", 1, 2, 3)
    async with running(relay_for(database_url, scratch_schema, publisher, subscribed, heard)):
        await append(store, "b", 4)
        await eventually(lambda: _relayed(pool, scratch_schema, 4))
    # only now does the consumer come along
    received = await drain(await queue_of(amqp, subscribed), 4)  # type: ignore[arg-type]
    assert [m["payload"]["n"] for m in received] == [1, 2, 3, 4]


async def test_a_queue_deleted_under_the_relay_is_declared_again_and_nothing_is_lost(
    pool: asyncpg.Pool,
    scratch_schema: str,
    database_url: str,
    publisher: Publisher,
    amqp: AbstractRobustConnection,
    subscribed: Topology,
) -> None:
    store = PostgresEventStore(pool, scratch_schema)
    async with running(relay_for(database_url, scratch_schema, publisher, subscribed, heard)):
        await append(store, "a", 1)
        await eventually(lambda: _relayed(pool, scratch_schema, 1))
        async with amqp.channel() as channel:
            await channel.queue_delete(subscribed.queues[0].name)
        await eventually(lambda: _gone(amqp, subscribed))  # a quorum queue finishes going after delete-ok
        await append(store, "a", 2, 3)
        await eventually(lambda: _relayed(pool, scratch_schema, 3), within=20)
    received = await drain(await queue_of(amqp, subscribed), 2)  # type: ignore[arg-type]
    assert sorted(m["payload"]["n"] for m in received) == [2, 3], "1 went with the deleted queue; 2 and 3 did not"


async def test_a_message_nobody_subscribes_to_does_not_stop_the_relay(
    pool: asyncpg.Pool, scratch_schema: str, database_url: str, publisher: Publisher
) -> None:
    store = PostgresEventStore(pool, scratch_schema)
    async with running(relay_for(database_url, scratch_schema, publisher, Topology(), heard)):
        await append(store, "a", 1, 2)
        await eventually(lambda: _relayed(pool, scratch_schema, 2))


async def _gone(amqp: AbstractRobustConnection, topology: Topology) -> None:
    with contextlib.suppress(aiormq.exceptions.ChannelNotFoundEntity):
        await queue_of(amqp, topology)
        raise AssertionError("the queue is still there")


async def _relayed(pool: asyncpg.Pool, schema: str, count: int) -> None:
    """The relay's checkpoint has passed ``count`` events."""
    position = await pool.fetchval(f"SELECT position FROM {schema}.relay_checkpoint WHERE relay = 'bus'")
    passed = await pool.fetchval(f"SELECT count(*) FROM {schema}.events WHERE position <= $1", position or 0)
    assert passed >= count, f"relayed {passed} of {count}"
