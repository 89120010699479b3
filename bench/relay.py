"""Figure 5: the outbox relay publishing N committed events to one quorum queue, against raw confirmed publishes.

Each relay round gets a fresh schema holding N committed events (so nothing depends on how the relay keeps
its checkpoint) and ends when the queue holds N messages. The baseline publishes N bodies of the same size
with aio-pika on a confirming channel, 100 publishes in flight.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any, ClassVar

import aio_pika
import asyncpg
from aio_pika.abc import AbstractChannel, AbstractQueue, AbstractRobustConnection

from bench.scale import Scale
from bench.spine import DATA, fill, make_schema
from bench.table import Figure, Target, compared, interleave, say, spread
from common.bus.publisher import Publisher
from common.bus.topology import Topology, declare_exchanges, route
from common.contracts import Message, envelope_for
from common.contracts.envelope import Route
from common.db import create_pool
from common.eventstore.model import RecordedEvent
from common.outbox import OutboxRelay

IN_FLIGHT = 100
QUORUM = {"x-queue-type": "quorum"}


class RelayBenchHappened(Message):
    TYPE: ClassVar[str] = "bench.RelayBenchHappened"
    ROUTE: ClassVar[Route] = "event"
    environment_id: str
    name: str
    region: str
    size: int


@asynccontextmanager
async def relay_for(
    connection: AbstractRobustConnection, database_url: str
) -> AsyncIterator[tuple[Callable[[str], Coroutine[Any, Any, None]], tuple[str, str], int]]:
    """All that knows the relay's constructor and the topology API: (relay a schema, the route, a body's size)."""

    def translate(event: RecordedEvent) -> list[Message]:
        return [RelayBenchHappened(**event.data)]

    def relay(schema: str) -> Coroutine[Any, Any, None]:
        return OutboxRelay(service="bench", schema=schema, database_url=database_url, publisher=publisher,
                           translate=translate, topology=Topology(), poll_seconds=0.2).run()  # fmt: skip

    async with connection.channel() as channel:
        await declare_exchanges(channel)
    publisher = Publisher("bench")
    await publisher.open(connection)
    sample = RelayBenchHappened(**DATA)
    size = len(envelope_for(sample, producer="bench", correlation_id="x" * 36, causation_id=None).to_bytes())
    try:
        yield relay, route(sample), size
    finally:
        await publisher.close()


async def until_holding(queue: AbstractQueue, count: int, limit: float = 600) -> None:
    """Redeclaring (not a passive declare, which a robust channel answers from its cache) gives the fresh count."""
    deadline = time.monotonic() + limit
    while ((await queue.declare()).message_count or 0) < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{queue.name} does not hold {count} messages after {limit} s")
        await asyncio.sleep(0.02)


async def figures(database_url: str, amqp_url: str, scale: Scale) -> list[Figure]:
    count, schemas = scale.relay_events, (f"bench_relay_{n}" for n in itertools.count())
    pool = await create_pool(database_url, min_size=1, max_size=2)
    connection = await aio_pika.connect_robust(amqp_url)
    try:
        channel = await connection.channel(publisher_confirms=True)
        relayed_queue, raw_queue = [await channel.declare_queue(name, durable=True, arguments=QUORUM)
                                    for name in ("bench.relayed", "bench.raw")]  # fmt: skip
        async with relay_for(connection, database_url) as (relay, (exchange, routing_key), size):
            await relayed_queue.bind(exchange, routing_key=routing_key)

            async def relayed() -> float:
                schema = await events(pool, next(schemas), count)
                await relayed_queue.purge()
                started = time.perf_counter()
                task = asyncio.create_task(relay(schema))
                try:
                    await until_holding(relayed_queue, count)
                finally:
                    task.cancel()
                    await asyncio.gather(task, return_exceptions=True)
                elapsed = time.perf_counter() - started
                await pool.execute(f"DROP SCHEMA {schema} CASCADE")
                return count / elapsed

            async def raw() -> float:
                await raw_queue.purge()
                return await publish_raw(channel, raw_queue, count, size)

            rates = await interleave({"relay": relayed, "raw": raw}, scale.relay_rounds)
        say(f"relay {count} events (one {size}-byte message each): {spread(rates['relay'], 'messages/s')}")
        say(f"raw publish {count} messages, {IN_FLIGHT} in flight: {spread(rates['raw'], 'messages/s')}")
        for queue in (relayed_queue, raw_queue):
            await queue.purge()
            await queue.delete(if_unused=False, if_empty=False)
    finally:
        await connection.close()
        await pool.close()
    return [compared(f"outbox relay of {count:,} events → quorum queue, vs raw publish", "msg/s", rates["raw"],
                     rates["relay"], Target(at_least=0.6))]  # fmt: skip


async def publish_raw(channel: AbstractChannel, queue: AbstractQueue, count: int, size: int) -> float:
    body, in_flight = b"x" * size, asyncio.Semaphore(IN_FLIGHT)

    async def one() -> None:
        async with in_flight:
            message = aio_pika.Message(body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT)
            await channel.default_exchange.publish(message, routing_key=queue.name, timeout=30)

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(count)))
    elapsed = time.perf_counter() - started
    await until_holding(queue, count, limit=30)
    return count / elapsed


async def events(pool: asyncpg.Pool, schema: str, count: int) -> str:
    """A fresh schema holding ``count`` committed events below the read horizon."""
    await make_schema(pool, schema)
    await fill(pool, schema, count)
    return schema
