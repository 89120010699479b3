"""An environment's history in memory, at times a test controls: the domain without a store."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from environments.domain import decisions
from environments.domain import events as e
from environments.domain.environment import Environment, fold

T0 = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
BOOT = uuid.uuid4()


class History:
    """An environment's events, recorded in memory at controllable times."""

    def __init__(self) -> None:
        self.events: list[e.Happened] = []
        self.now = T0

    def record(self, new: list[e.DomainEvent]) -> list[e.DomainEvent]:
        self.events.extend(e.Happened(event, self.now) for event in new)
        return new

    @property
    def env(self) -> Environment:
        return fold(self.events)

    def do(self, decide: Any, *args: Any) -> list[Any]:
        return self.record(decide(self.env, *args))


def running_environment() -> History:
    history = History()
    history.record(decisions.request(uuid.uuid4(), 7, "studio", "local", "local-1", "standard"))
    history.do(decisions.provisioning_started, 1)
    history.do(decisions.provisioned, "1.0.0", uuid.uuid4())
    return history


def pending_id(history: History) -> uuid.UUID:
    pending = history.env.pending
    assert pending is not None
    return pending.command_id
