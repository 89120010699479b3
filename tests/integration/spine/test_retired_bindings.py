"""A binding an earlier version declared is unbound when the queue is declared again without it."""

from __future__ import annotations

import uuid

import aio_pika
from aio_pika.abc import AbstractRobustConnection

from common.bus.topology import EVENTS, Subscription, declare_exchanges, declare_queue, topology_of
from tests.support.messages import Heard


async def test_a_retired_binding_takes_nothing_once_the_queue_is_declared_again(
    amqp: AbstractRobustConnection,
) -> None:
    name = f"spine-tests.retired.{uuid.uuid4().hex[:8]}"
    async with amqp.channel() as channel:
        await declare_exchanges(channel)
    before = topology_of([Subscription(name, (Heard,), patterns=((EVENTS, "#"),))], [Heard])
    after = topology_of([Subscription(name, (Heard,), retired=((EVENTS, "#"),))], [Heard])
    try:
        await declare_queue(amqp, before.queues[0])
        await declare_queue(amqp, after.queues[0])
        async with amqp.channel(publisher_confirms=True) as channel:
            exchange = await channel.get_exchange(EVENTS)
            for routing_key in ("someone.Else", Heard.TYPE):
                await exchange.publish(aio_pika.Message(routing_key.encode()), routing_key)
            queue = await channel.declare_queue(name, passive=True)
            received = []
            for _ in range(20):
                message = await queue.get(fail=False, no_ack=True)
                if message is not None:
                    received.append(message.body.decode())
                elif received:
                    break
        assert received == [Heard.TYPE], "only what the queue still subscribes to"
    finally:
        async with amqp.channel() as channel:
            await channel.queue_delete(name)
            await channel.queue_delete(f"{name}.dead")
