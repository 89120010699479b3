"""Waiting for a particular message among those a tap copies."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aio_pika.abc import AbstractQueue


async def next_matching(queue: AbstractQueue, message_type: str, timeout: float = 10, **payload: Any) -> dict[str, Any]:
    """The first envelope of ``message_type`` whose payload has ``payload``'s values; others are skipped."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    seen: list[str] = []
    while loop.time() < deadline:
        message = await queue.get(fail=False, no_ack=True)
        if message is None:
            await asyncio.sleep(0.05)
            continue
        envelope = json.loads(message.body)
        seen.append(envelope["type"])
        if envelope["type"] == message_type and all(envelope["payload"].get(k) == v for k, v in payload.items()):
            return envelope
    raise AssertionError(f"no {message_type} with {payload} within {timeout}s; saw {seen}")
