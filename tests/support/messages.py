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
