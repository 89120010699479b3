"""The environment aggregate: folded from what happened to it; decisions return new events or raise."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import reduce

from common.errors import NotFound
from environments.domain import events as e
from environments.domain.lifecycle import AgentCommandKind, Health, State

STREAM_PREFIX = "environment-"


def stream_id(environment_id: uuid.UUID) -> str:
    return f"{STREAM_PREFIX}{environment_id}"


def environment_id_of(stream: str) -> uuid.UUID:
    if not stream.startswith(STREAM_PREFIX):
        raise ValueError(f"{stream!r} is not an environment's stream")
    return uuid.UUID(stream.removeprefix(STREAM_PREFIX))


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
    health: Health = "ok"
    attempt: int = 0
    provisioning_started_at: datetime | None = None
    pending: PendingCommand | None = None
    agent_version: str | None = None
    agent_boot: uuid.UUID | None = None
    agent_sequence: int = 0
    creation_acknowledged: bool = False
    since: datetime | None = None  # when the lifecycle last took a step (deadlines of waiting states count from it)
    instance_type: str = ""  # requested, then as the agent last said it runs on
    resized_as_of: int = 0  # the scheduler's version of the environment that said it


def health_after(event: e.DomainEvent) -> Health | None:
    """The health an event leaves the environment in, if it changes it."""
    match event:
        case e.BecameUnreachable():
            return "unreachable"
        case e.Recovered() | e.AgentProvisioned():
            return "ok"
        case e.CommandExpired():
            return "degraded"
    return None


def evolve(env: Environment, happened: e.Happened) -> Environment:
    event, at = happened.event, happened.at
    if isinstance(event, e.Transition):
        env = replace(env, state=event.state)
    if isinstance(event, e.FromAgent) and event.boot_id:
        env = replace(env, agent_boot=event.boot_id, agent_sequence=event.sequence)
    if (health := health_after(event)) is not None:
        env = replace(env, health=health)
    if not isinstance(event, e.Observation):
        env = replace(env, since=at)
    return _apply(env, event, at)


def _apply(env: Environment, event: e.DomainEvent, at: datetime) -> Environment:
    match event:
        case e.EnvironmentRequested():
            return Environment(True, event.environment_id, event.organisation_id, event.name, since=at,
                               instance_type=event.instance_type)  # fmt: skip
        case e.ProvisioningRequested(attempt=attempt):
            return replace(env, attempt=attempt, provisioning_started_at=None, pending=None)
        case e.ProvisioningStarted():
            return replace(env, provisioning_started_at=at)
        case e.AgentProvisioned(agent_version=version):
            return replace(env, agent_version=version)
        case e.LifecycleCommandIssued():
            command = PendingCommand(event.command_id, event.command, 1, at, False, event.target_version)
            return replace(env, pending=command)
        case e.CommandReissued(attempt=attempt) if env.pending is not None:
            return replace(env, pending=replace(env.pending, attempts=attempt, last_issued_at=at))
        case e.CommandAcknowledged() if env.pending is not None:
            return replace(env, pending=replace(env.pending, acknowledged=True))
        case e.CommandCompleted(version=version):
            return replace(env, pending=None, agent_version=version or env.agent_version)
        case e.CommandFailed() | e.CommandExpired() | e.StateSettled() | e.TransitionReverted():
            return replace(env, pending=None)
        case e.CreationAcknowledged():
            return replace(env, creation_acknowledged=True)
        case e.Resized():
            return replace(env, instance_type=event.instance_type, resized_as_of=event.scheduler_version)
    return env


def fold(history: Iterable[e.Happened]) -> Environment:
    return reduce(evolve, history, Environment())


def live(env: Environment) -> Environment:
    if not env.exists:
        raise NotFound("environment not found")
    return env
