"""Message types that exist only for tests of the shared plumbing."""

from __future__ import annotations

from typing import ClassVar

from common.contracts.messages import Command, IntegrationEvent


class Pinged(IntegrationEvent):
    TYPE: ClassVar[str] = "test.Pinged"
    n: int


class Ping(Command):
    TYPE: ClassVar[str] = "test.Ping"
    n: int


class Heard(IntegrationEvent):
    """Only the topology tests' own queues are bound to it (no other test's tap takes it)."""

    TYPE: ClassVar[str] = "test.Heard"
    n: int


class Snapshot(IntegrationEvent):
    """A whole state of ``key`` that the next snapshot of the same key replaces: the relay sends only the newest of
    a page (``common.outbox``, decision 52)."""

    TYPE: ClassVar[str] = "test.Snapshot"
    key: str
    n: int

    @property
    def coalescing_key(self) -> str:
        return self.key
