"""Trying a step again after a fault, waiting longer each time: what a broker blip or a host restart needs."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from common.logging import get_logger

log = get_logger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Backoff:
    """Up to ``attempts`` tries; after the first failure wait ``first`` seconds, then twice as long each time,
    at most ``ceiling``. Every fault counts as passing: one that is not gives up only a few seconds later."""

    attempts: int = 6
    first: float = 0.5
    ceiling: float = 5.0
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    def delays(self) -> list[float]:
        return [min(self.first * 2**i, self.ceiling) for i in range(self.attempts - 1)]

    async def run(self, step: Callable[[], Awaitable[T]], what: str) -> T:
        for delay in self.delays():
            try:
                return await step()
            except Exception as exc:  # noqa: BLE001 (tried again; the last try's fault is the one raised)
                log.warning("step_failed_will_retry", step=what, error=str(exc) or repr(exc), retry_in=delay)
                await self.sleep(delay)
        return await step()
