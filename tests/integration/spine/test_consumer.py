"""The inbox consumer: duplicates change nothing; poison and malformed messages are dead-lettered."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aio_pika
import asyncpg
import pytest
from aio_pika.abc import AbstractRobustConnection

from common.bus.consumer import Consumer, HandlerContext, Unprocessable
from common.bus.publisher import Publisher
from common.bus.topology import COMMANDS, Queue, dead_letter_queue
from common.contracts import envelope_for
from common.eventstore import NewEvent, PostgresEventStore
from tests.support.bus import count_ready
from tests.support.messages import Ping

POISON = 13


async def handle_ping(ctx: HandlerContext, message: Ping) -> None:
    if message.n == POISON:
        raise RuntimeError("this one always fails")
    if message.n < 0:
        raise Unprocessable("negative pings are refused")
    stream = f"ping-{message.n}"
    await ctx.tx.append(stream, len(await ctx.tx.load(stream)), [NewEvent("Ponged", {"n": message.n})])


@pytest.fixture
async def consumer(pool: asyncpg.Pool, scratch_schema: str, amqp: AbstractRobustConnection) -> AsyncIterator[Consumer]:
    queue = f"spine-tests.{uuid.uuid4().hex[:8]}"
    created = Consumer(
        service="spine-tests",
        queue=Queue(queue, ((COMMANDS, f"{queue}.{Ping.TYPE}"),), max_deliveries=3),
        handlers={Ping: handle_ping},
        store=PostgresEventStore(pool, scratch_schema),
        prefetch=4,
    )
    await created.start(amqp)
    yield created
    await created.stop()
    async with amqp.channel() as channel:
        await channel.queue_delete(queue)
        await channel.queue_delete(dead_letter_queue(queue))


async def send(publisher: Publisher, consumer: Consumer, n: int, message_id: uuid.UUID | None = None) -> None:
    envelope = envelope_for(Ping(n=n), producer="tests", correlation_id="c-1", message_id=message_id)
    await publisher.publish_envelope(envelope, COMMANDS, f"{consumer.queue_name}.{Ping.TYPE}")


async def send_raw(amqp: AbstractRobustConnection, consumer: Consumer, body: bytes) -> None:
    async with amqp.channel() as channel:
        exchange = await channel.get_exchange(COMMANDS)
        await exchange.publish(aio_pika.Message(body), f"{consumer.queue_name}.{Ping.TYPE}")


async def until(predicate: Any, timeout: float = 15) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await predicate():
        assert asyncio.get_running_loop().time() < deadline, "condition not reached in time"
        await asyncio.sleep(0.05)


async def test_a_duplicate_delivery_changes_nothing(
    consumer: Consumer, publisher: Publisher, amqp: AbstractRobustConnection
) -> None:
    same = uuid.uuid4()
    for _ in range(3):
        await send(publisher, consumer, 1, same)
    await send(publisher, consumer, 2)

    async def handled() -> bool:
        return len(await consumer.store.load("ping-2")) == 1

    await until(handled)
    await until(lambda: _empty(amqp, consumer.queue_name))
    assert len(await consumer.store.load("ping-1")) == 1
    inbox = await consumer.store.pool.fetchval(
        f"SELECT count(*) FROM {consumer.store.schema}.inbox WHERE message_id = $1", same
    )
    assert inbox == 1


async def test_a_poison_message_is_dead_lettered_while_the_next_ones_flow(
    consumer: Consumer, publisher: Publisher, amqp: AbstractRobustConnection
) -> None:
    await send(publisher, consumer, POISON)
    for n in (1, 2, 3):
        await send(publisher, consumer, n)

    async def all_good_handled() -> bool:
        return all([len(await consumer.store.load(f"ping-{n}")) == 1 for n in (1, 2, 3)])

    await until(all_good_handled)
    await until(lambda: _count(amqp, dead_letter_queue(consumer.queue_name), 1))
    await until(lambda: _empty(amqp, consumer.queue_name))
    assert await consumer.store.load(f"ping-{POISON}") == []


@pytest.mark.parametrize(
    "body",
    [
        b"not json at all",
        b'{"message_id": "x"}',
        b'{"message_id": "3f8e8a8e-0000-4000-8000-000000000000",'
        b' "type": "test.Nobody", "schema_version": 1, "occurred_at": "2026-01-01T00:00:00Z",'
        b' "correlation_id": "c", "producer": "p", "payload": {}}',
    ],
    ids=["not-json", "not-an-envelope", "unknown-type"],
)
async def test_malformed_and_unknown_messages_are_dead_lettered_and_the_consumer_lives_on(
    consumer: Consumer, publisher: Publisher, amqp: AbstractRobustConnection, body: bytes
) -> None:
    await send_raw(amqp, consumer, body)
    await send(publisher, consumer, 5)

    async def handled() -> bool:
        return len(await consumer.store.load("ping-5")) == 1

    await until(handled)
    await until(lambda: _count(amqp, dead_letter_queue(consumer.queue_name), 1))


async def test_a_handler_refusal_is_dead_lettered_at_once(
    consumer: Consumer, publisher: Publisher, amqp: AbstractRobustConnection
) -> None:
    await send(publisher, consumer, -1)
    await until(lambda: _count(amqp, dead_letter_queue(consumer.queue_name), 1))
    await until(lambda: _empty(amqp, consumer.queue_name))


async def _empty(amqp: AbstractRobustConnection, queue: str) -> bool:
    return await _count(amqp, queue, 0)


async def _count(amqp: AbstractRobustConnection, queue: str, expected: int) -> bool:
    return await count_ready(amqp, queue) == expected
