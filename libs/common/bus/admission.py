"""Admission before a message costs anything: too large, or its sender is over its rate.

One sender (an agent) must not fill a dead-letter queue or delay everyone else's messages on a
shared queue. A message that is not admitted is acknowledged and dropped before it is parsed or
touches the database, and counted; a legitimate sender stays far below the limits.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from aio_pika.abc import AbstractIncomingMessage

Admit = Callable[[AbstractIncomingMessage], str | None]  # the reason it is dropped, or None


@dataclass
class TokenBuckets:
    """``rate`` messages a second per key, with bursts of up to ``burst``."""

    rate: float
    burst: float
    max_keys: int = 100_000
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)

    def take(self, key: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        tokens, since = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - since) * self.rate)
        if len(self._buckets) >= self.max_keys and key not in self._buckets:
            self._buckets.clear()  # forget idle senders rather than grow without bound
        if tokens < 1:
            self._buckets[key] = (tokens, now)
            return False
        self._buckets[key] = (tokens - 1, now)
        return True


def per_sender(max_bytes: int, buckets: TokenBuckets, sender: Callable[[AbstractIncomingMessage], str]) -> Admit:
    def admit(incoming: AbstractIncomingMessage) -> str | None:
        if len(incoming.body) > max_bytes:
            return "too_large"
        if not buckets.take(sender(incoming)):
            return "throttled"
        return None

    return admit


def environment_of_routing_key(incoming: AbstractIncomingMessage) -> str:
    """Agent messages are keyed ``<environment_id>.<type>``: the sender is the first word."""
    return (incoming.routing_key or "").split(".", 1)[0]
