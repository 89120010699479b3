"""A background loop keeps ticking through a failed step, and waits first or not as it is told."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from common.ticks import every


@pytest.mark.parametrize("wait_first", [True, False])
async def test_a_failed_step_is_logged_and_the_loop_goes_on(wait_first: bool) -> None:
    calls: list[float] = []
    loop = asyncio.get_running_loop()
    started = loop.time()

    async def step() -> None:
        calls.append(loop.time() - started)
        if len(calls) == 1:
            raise RuntimeError("the first tick fails")

    task = asyncio.create_task(every(0.01, step, "step_failed", wait_first=wait_first))
    while len(calls) < 3:
        await asyncio.sleep(0.005)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    assert (calls[0] >= 0.01) == wait_first
    assert len(calls) >= 3, "the loop went on after the failure"
