"""A service's background loop: one step at a steady interval; a step that fails is logged and tried again at the
next tick, so one bad tick never stops the loop."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from common.logging import get_logger

log = get_logger(__name__)


async def every(seconds: float, step: Callable[[], Awaitable[object]], failed: str, *, wait_first: bool = True) -> None:
    """Run ``step`` every ``seconds`` (after the first wait, or at once), logging ``failed`` when it raises."""
    if not wait_first:
        await _tried(step, failed)
    while True:
        await asyncio.sleep(seconds)
        await _tried(step, failed)


async def _tried(step: Callable[[], Awaitable[object]], failed: str) -> None:
    try:
        await step()
    except Exception as exc:  # noqa: BLE001 (a failed step is tried again at the next tick)
        log.warning(failed, error=repr(exc))
