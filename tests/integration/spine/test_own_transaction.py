"""A handler that owns its transaction does its slow work holding none, then commits its effects with the
message, once: an open snapshot would hold back every log reader on the cluster while it works."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import asyncpg
import pytest
from aio_pika.abc import AbstractRobustConnection

from common import db
from common.bus.consumer import Committing, Consumer, Handler, HandlerContext, OwnTransaction
from common.bus.publisher import Publisher
from common.bus.topology import COMMANDS, Queue, dead_letter_queue
from common.eventstore import NewEvent, PostgresEventStore
from common.eventstore.postgres import PostgresTransaction
from tests.integration.spine.test_consumer import send, until
from tests.support.messages import Ping


@dataclass
class Slow:
    """A handler's slow part (a launch retrying a fault, say), held until the test lets it go."""

    working: asyncio.Event = field(default_factory=asyncio.Event)
    go_on: asyncio.Event = field(default_factory=asyncio.Event)
    calls: int = 0
    fail_first: bool = False

    async def work(self) -> None:
        self.calls += 1
        self.working.set()
        await self.go_on.wait()
        if self.fail_first and self.calls == 1:
            raise RuntimeError("the machine did not start this time")


def pong(n: int) -> Callable[[PostgresTransaction], Awaitable[None]]:
    async def effects(tx: PostgresTransaction) -> None:
        stream = f"ping-{n}"
        await tx.append(stream, len(await tx.load(stream)), [NewEvent("Ponged", {"n": n})])

    return effects


def owning(slow: Slow) -> OwnTransaction:
    async def handle(ctx: Committing, message: Ping) -> None:
        await slow.work()
        await ctx.commit(pong(message.n))

    return OwnTransaction(handle)


def inside(slow: Slow) -> Handler:
    """The same work as an ordinary handler, inside the transaction that records the message."""

    async def handle(ctx: HandlerContext, message: Ping) -> None:
        await ctx.tx.load(f"ping-{message.n}")
        await slow.work()
        await pong(message.n)(ctx.tx)

    return handle


@pytest.fixture
async def consuming(
    database_url: str, scratch_schema: str, amqp: AbstractRobustConnection
) -> AsyncIterator[Callable[[Handler | OwnTransaction], Awaitable[Consumer]]]:
    """Consumers on a pool of their own, named so the test can tell their sessions from everyone else's."""
    started: list[Consumer] = []
    pool = await db.create_pool(database_url, server_settings={"application_name": APPLICATION})

    async def start(handler: Handler | OwnTransaction) -> Consumer:
        queue = f"own-tx-tests.{uuid.uuid4().hex[:8]}"
        consumer = Consumer(
            service="spine-tests",
            queue=Queue(queue, ((COMMANDS, f"{queue}.{Ping.TYPE}"),), max_deliveries=3),
            handlers={Ping: handler},
            store=PostgresEventStore(pool, scratch_schema),
        )
        await consumer.start(amqp)
        started.append(consumer)
        return consumer

    yield start
    for consumer in started:
        await consumer.stop()
        async with amqp.channel() as channel:
            await channel.queue_delete(consumer.queue_name)
            await channel.queue_delete(dead_letter_queue(consumer.queue_name))
    await pool.close()


APPLICATION = "own-transaction-tests"


async def snapshots_held(pool: asyncpg.Pool, application: str) -> int:
    """Sessions of ``application`` inside a transaction that has taken a snapshot."""
    return int(await pool.fetchval(
        """SELECT count(*) FROM pg_stat_activity WHERE application_name = $1
           AND backend_xmin IS NOT NULL AND state LIKE 'idle in transaction%'""",
        application,
    ))  # fmt: skip


async def test_no_snapshot_is_held_while_the_handler_works(
    consuming: Callable[[Handler | OwnTransaction], Awaitable[Consumer]], publisher: Publisher, pool: asyncpg.Pool
) -> None:
    for handler_of, held_while_working in ((inside, 1), (owning, 0)):  # the ordinary handler shows what is at stake
        slow = Slow()
        consumer = await consuming(handler_of(slow))
        await send(publisher, consumer, 1)
        await asyncio.wait_for(slow.working.wait(), 15)
        assert await snapshots_held(pool, APPLICATION) == held_while_working, handler_of.__name__
        slow.go_on.set()
        await until(lambda c=consumer: _ponged(c, 1))


async def test_its_effects_and_the_message_commit_once(
    consuming: Callable[[Handler | OwnTransaction], Awaitable[Consumer]], publisher: Publisher
) -> None:
    slow = Slow(fail_first=True)
    slow.go_on.set()
    consumer = await consuming(owning(slow))
    same = uuid.uuid4()
    await send(publisher, consumer, 2, same)
    await until(lambda: _ponged(consumer, 2))
    await send(publisher, consumer, 2, same)
    await send(publisher, consumer, 3)
    await until(lambda: _ponged(consumer, 3))
    assert len(await consumer.store.load("ping-2")) == 1, "a failure before the commit left nothing behind"
    assert slow.calls == 3, "tried again after the failure; the duplicate was not handled"


async def _ponged(consumer: Consumer, n: int) -> bool:
    return len(await consumer.store.load(f"ping-{n}")) == 1
