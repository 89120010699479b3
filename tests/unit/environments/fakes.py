"""Hand-written fakes of the environments service's ports, on the in-memory event store."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Collection
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import SecretStr

from cenv_agent.contract.hosting import AgentAccount, AgentLaunch
from cenv_agent.contract.messages import Load
from common.eventstore import InMemoryEventStore
from environments.adapters import event_codec
from environments.domain import environment
from environments.domain.environment import Environment, environment_id_of
from environments.domain.lifecycle import State
from environments.service_layer.backoff import Backoff
from environments.service_layer.provisioning import Machines


class Clock:
    """The store stamps events with the real time; this clock runs ahead of it by what a test skips."""

    def __init__(self) -> None:
        self.ahead = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.ahead

    def skip(self, seconds: float) -> None:
        self.ahead += timedelta(seconds=seconds)


@dataclass
class FakeCatalogue:
    offers: set[tuple[str, str, str]] = field(default_factory=lambda: {("local", "local-1", "standard")})

    async def has_provider(self, provider: str) -> bool:
        return any(p == provider for p, _, _ in self.offers)

    async def has_region(self, provider: str, region: str) -> bool:
        return any((p, r) == (provider, region) for p, r, _ in self.offers)

    async def has_instance_type(self, provider: str, region: str, instance_type: str) -> bool:
        return (provider, region, instance_type) in self.offers


@dataclass
class FakeLiveness:
    clock: Clock
    heard_at: dict[uuid.UUID, datetime] = field(default_factory=dict)
    said: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)

    async def heard(
        self, environment_id: uuid.UUID, *, boot_id: uuid.UUID | None = None, media_state: str | None = None,
        version: str | None = None, load: Load | None = None,
    ) -> None:  # fmt: skip
        self.heard_at[environment_id] = self.clock.now()
        fields = {"boot_id": boot_id, "media_state": media_state, "version": version, "load": load}
        self.said.setdefault(environment_id, {}).update({k: v for k, v in fields.items() if v is not None})


@dataclass
class FakeIndex:
    """Answers from the streams themselves, folded afresh: the in-memory store keeps no projections."""

    store: InMemoryEventStore
    liveness: FakeLiveness

    def environments(self) -> dict[uuid.UUID, tuple[Environment, datetime]]:
        streams: dict[str, list[Any]] = {}
        for record in self.store.committed:
            streams.setdefault(record.stream_id, []).append(record)
        return {
            environment_id_of(stream): (environment.fold(event_codec.history(records)), records[-1].recorded_at)
            for stream, records in streams.items()
        }

    async def now(self) -> datetime:
        return self.liveness.clock.now()

    async def of_organisation(self, organisation_id: int) -> list[uuid.UUID]:
        return [i for i, (env, _) in self.environments().items()
                if env.organisation_id == organisation_id and env.state not in ("deleting", "deleted")]  # fmt: skip

    async def in_states(self, states: Collection[State]) -> list[uuid.UUID]:
        return [i for i, (env, _) in self.environments().items() if env.state in states]

    async def commands_unanswered(self, since: datetime) -> list[uuid.UUID]:
        return [i for i, (env, _) in self.environments().items()
                if env.pending is not None and env.pending.last_issued_at < since]  # fmt: skip

    async def silent(self, states: Collection[State], since: datetime) -> list[tuple[uuid.UUID, datetime | None]]:
        found = []
        for environment_id, (env, changed_at) in self.environments().items():
            heard = self.liveness.heard_at.get(environment_id)
            if env.state in states and env.health != "unreachable" and (heard or changed_at) < since:
                found.append((environment_id, heard))
        return found


@dataclass
class FakeDriver:
    launched: dict[uuid.UUID, AgentLaunch] = field(default_factory=dict)
    terminated: list[uuid.UUID] = field(default_factory=list)
    faults: list[Exception] = field(default_factory=list)

    async def launch(self, launch: AgentLaunch) -> None:
        await asyncio.sleep(0)  # a real launch lets other tasks run meanwhile
        if self.faults:
            raise self.faults.pop(0)
        self.launched[launch.environment_id] = launch

    async def terminate(self, environment_id: uuid.UUID) -> None:
        self.launched.pop(environment_id, None)
        self.terminated.append(environment_id)

    async def running(self) -> set[uuid.UUID]:
        return set(self.launched)

    async def start(self) -> None:
        pass

    async def close(self) -> None:
        pass


@dataclass
class FakeAccounts:
    granted: dict[uuid.UUID, str] = field(default_factory=dict)
    revoked: list[uuid.UUID] = field(default_factory=list)
    faults: list[Exception] = field(default_factory=list)

    async def grant(self, environment_id: uuid.UUID) -> AgentAccount:
        if self.faults:
            raise self.faults.pop(0)
        self.granted[environment_id] = f"amqp://cenv-{environment_id}:{uuid.uuid4().hex}@broker/"
        return AgentAccount(amqp_url=SecretStr(self.granted[environment_id]), command_queue=f"cenv.{environment_id}.q")

    async def revoke(self, environment_id: uuid.UUID) -> None:
        self.granted.pop(environment_id, None)
        self.revoked.append(environment_id)


@dataclass
class Naps:
    """Stands in for ``asyncio.sleep``: remembers how long it was asked to wait, and returns at once."""

    taken: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.taken.append(seconds)


@dataclass
class MemoryTurns:
    """One machine operation per environment at a time, in this process."""

    _locks: dict[uuid.UUID, asyncio.Lock] = field(default_factory=dict)

    @asynccontextmanager
    async def __call__(self, environment_id: uuid.UUID) -> AsyncIterator[None]:
        async with self._locks.setdefault(environment_id, asyncio.Lock()):
            yield


def machines(driver: FakeDriver, accounts: FakeAccounts, naps: Naps, turns: MemoryTurns | None = None) -> Machines:
    retry = Backoff(attempts=4, first=0.5, ceiling=2, sleep=naps)
    return Machines(driver, accounts, turns or MemoryTurns(), b"internal-key", "http://gateway", heartbeat_seconds=5,
                    retry=retry)  # fmt: skip
