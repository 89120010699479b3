"""The environment aggregate: folded from its events; decisions return new events or raise."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import reduce
from typing import Any

from common.errors import NotFound
from common.eventstore import RecordedEvent
from environments.domain.lifecycle import AgentCommandKind, State


def stream(environment_id: uuid.UUID) -> str:
    return f"environment-{environment_id}"


@dataclass(frozen=True)
class PendingCommand:
    command_id: uuid.UUID
    kind: AgentCommandKind
    attempts: int
    last_issued_at: datetime
    acknowledged: bool = False
    target_version: str | None = None


@dataclass(frozen=True)
class Environment:
    exists: bool = False
    environment_id: uuid.UUID | None = None
    organisation_id: int = 0
    name: str = ""
    state: State = "requested"
    health: str = "ok"
    attempt: int = 0
    provisioning_started_at: datetime | None = None
    pending: PendingCommand | None = None
    agent_version: str | None = None
    agent_boot: uuid.UUID | None = None
    agent_sequence: int = 0
    creation_acknowledged: bool = False


def evolve(env: Environment, event: RecordedEvent) -> Environment:
    data = event.data
    if event.type == "EnvironmentRequested":
        return Environment(True, uuid.UUID(data["environment_id"]), data["organisation_id"], data["name"])
    if "state" in data:
        env = replace(env, state=data["state"])
    if data.get("boot_id"):
        env = replace(env, agent_boot=uuid.UUID(data["boot_id"]), agent_sequence=data.get("sequence", 0))
    return _APPLY.get(event.type, _same)(env, data, event.recorded_at)


def _same(env: Environment, data: dict[str, Any], at: datetime) -> Environment:
    return env


def _provisioning(env: Environment, data: dict[str, Any], at: datetime) -> Environment:
    return replace(env, attempt=data["attempt"], provisioning_started_at=None, pending=None)


def _issued(env: Environment, data: dict[str, Any], at: datetime) -> Environment:
    command = PendingCommand(uuid.UUID(data["command_id"]), data["command"], 1, at, False, data.get("target_version"))
    return replace(env, pending=command)


def _reissued(env: Environment, data: dict[str, Any], at: datetime) -> Environment:
    assert env.pending is not None
    return replace(env, pending=replace(env.pending, attempts=data["attempt"], last_issued_at=at))


def _acknowledged(env: Environment, data: dict[str, Any], at: datetime) -> Environment:
    assert env.pending is not None
    return replace(env, pending=replace(env.pending, acknowledged=True))


def _finished(env: Environment, data: dict[str, Any], at: datetime) -> Environment:
    return replace(env, pending=None, agent_version=data.get("version") or env.agent_version)


def _expired(env: Environment, data: dict[str, Any], at: datetime) -> Environment:
    return replace(env, pending=None, health="degraded")


def _provisioned(env: Environment, data: dict[str, Any], at: datetime) -> Environment:
    return replace(env, agent_version=data["agent_version"], health="ok")


def _started(env: Environment, data: dict[str, Any], at: datetime) -> Environment:
    return replace(env, provisioning_started_at=at)


def _unreachable(env: Environment, data: dict[str, Any], at: datetime) -> Environment:
    return replace(env, health="unreachable")


def _recovered(env: Environment, data: dict[str, Any], at: datetime) -> Environment:
    return replace(env, health="ok")


def _creation_acknowledged(env: Environment, data: dict[str, Any], at: datetime) -> Environment:
    return replace(env, creation_acknowledged=True)


Apply = Callable[[Environment, dict[str, Any], datetime], Environment]
_APPLY: dict[str, Apply] = {
    "ProvisioningRequested": _provisioning,
    "ProvisioningStarted": _started,
    "LifecycleCommandIssued": _issued,
    "CommandReissued": _reissued,
    "CommandAcknowledged": _acknowledged,
    "CommandCompleted": _finished,
    "CommandFailed": _finished,
    "CommandExpired": _expired,
    "StateSettled": _finished,
    "AgentProvisioned": _provisioned,
    "BecameUnreachable": _unreachable,
    "Recovered": _recovered,
    "CreationAcknowledged": _creation_acknowledged,
}


def fold(events: Sequence[RecordedEvent]) -> Environment:
    return reduce(evolve, events, Environment())


def live(env: Environment) -> Environment:
    if not env.exists:
        raise NotFound("environment not found")
    return env
