"""Waiting for the platform to reach a state, with tenacity."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_delay, wait_fixed


async def eventually(check: Callable[[], Awaitable[Any]], within: float = 30.0, every: float = 0.2) -> Any:
    """Call ``check`` until it stops raising AssertionError; its last error is raised after ``within`` seconds."""
    async for attempt in AsyncRetrying(
        stop=stop_after_delay(within), wait=wait_fixed(every), retry=retry_if_exception_type(AssertionError),
        reraise=True,
    ):  # fmt: skip
        with attempt:
            return await check()
    return None
