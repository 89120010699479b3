"""Helpers for watching what arrives on RabbitMQ in tests."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractRobustConnection

from common.bus.topology import declare_exchanges


async def tap(channel: AbstractChannel, exchange: str, routing_key: str) -> aio_pika.abc.AbstractQueue:
    """An exclusive queue that copies what is routed on ``exchange`` with ``routing_key``. It lives as long as
    the channel's connection: delete it when done, or every later publish the key matches is routed to it
    (a relay would never see the broker return a message another test's queue should have had)."""
    await declare_exchanges(channel)
    queue = await channel.declare_queue(exclusive=True, auto_delete=True)
    await queue.bind(exchange, routing_key=routing_key)
    return queue


async def drain(queue: aio_pika.abc.AbstractQueue, expect: int, timeout: float = 10) -> list[dict[str, Any]]:
    """Collect ``expect`` messages (envelopes as dicts), failing after ``timeout`` seconds."""
    received: list[dict[str, Any]] = []
    deadline = asyncio.get_running_loop().time() + timeout
    while len(received) < expect:
        message = await queue.get(fail=False, no_ack=True)
        if message is None:
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"got {len(received)} of {expect} messages: {received}")
            await asyncio.sleep(0.05)
            continue
        received.append(json.loads(message.body))
    return received


async def count_ready(connection: AbstractRobustConnection, queue_name: str) -> int:
    async with connection.channel() as channel:
        queue = await channel.declare_queue(queue_name, passive=True)
        return int(queue.declaration_result.message_count or 0)
