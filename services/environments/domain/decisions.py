"""What happens to an environment: each function returns the events a request or report leads to."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from common.errors import Conflict
from common.eventstore import NewEvent
from environments.domain.environment import Environment, live
from environments.domain.lifecycle import (
    ACTIONS,
    AGENT_ALIVE,
    COMMAND_FOR,
    COMPLETES_TO,
    FALLS_BACK_TO,
    MEDIA_WANTED,
    Action,
    AgentCommandKind,
    State,
)

PROVISIONABLE: frozenset[State] = frozenset({"requested", "provisioning"})


def transition(env: Environment, event_type: str, to: State, **data: Any) -> NewEvent:
    return NewEvent(event_type, {"previous_state": env.state, "state": to, **data})


def request(environment_id: uuid.UUID, organisation_id: int, name: str, provider: str, region: str,
            instance_type: str) -> list[NewEvent]:  # fmt: skip
    requested = NewEvent("EnvironmentRequested", {
        "environment_id": str(environment_id), "organisation_id": organisation_id, "name": name,
        "cloud_provider": provider, "region": region, "instance_type": instance_type,
        "previous_state": None, "state": "requested",
    })  # fmt: skip
    first = NewEvent("ProvisioningRequested", {"attempt": 1, "previous_state": "requested", "state": "requested"})
    return [requested, first]


def act(env: Environment, action: Action, target_version: str | None = None) -> list[NewEvent]:
    """A user's request: legal only from some states, else 409 naming the current state."""
    to = ACTIONS[action].get(live(env).state)
    if to is None:
        raise Conflict(f"cannot {action} the environment while it is {env.state}")
    if action == "start" and env.state == "failed":
        return [transition(env, "ProvisioningRequested", to, attempt=env.attempt + 1)]
    if action == "delete" and env.state in ("requested", "provisioning", "failed"):
        return [transition(env, "DecommissionRequested", to, reason="deleted before its agent ran")]
    return [issue(env, COMMAND_FOR[action], to, target_version=target_version)]


def issue(env: Environment, kind: AgentCommandKind, to: State, **data: Any) -> NewEvent:
    return transition(env, "LifecycleCommandIssued", to, command_id=str(uuid.uuid4()), command=kind, **data)


def provisioning_started(env: Environment, attempt: int) -> list[NewEvent]:
    if env.attempt != attempt or env.state not in PROVISIONABLE:
        return []
    return [transition(env, "ProvisioningStarted", "provisioning", attempt=attempt)]


def provisioning_failed(env: Environment, attempt: int, reason: str) -> list[NewEvent]:
    if env.attempt != attempt or env.state not in PROVISIONABLE:
        return []
    return [transition(env, "ProvisioningFailed", "failed", attempt=attempt, reason=reason)]


def provisioned(env: Environment, agent_version: str, boot_id: uuid.UUID) -> list[NewEvent]:
    if env.state not in (*PROVISIONABLE, "failed"):
        return []
    return [transition(env, "AgentProvisioned", "running", agent_version=agent_version, boot_id=str(boot_id))]


def acknowledged(env: Environment, command_id: uuid.UUID) -> list[NewEvent]:
    if env.pending is None or env.pending.command_id != command_id or env.pending.acknowledged:
        return []
    return [NewEvent("CommandAcknowledged", {"command_id": str(command_id)})]


def completed(
    env: Environment, command_id: uuid.UUID, media_state: str, version: str, boot_id: uuid.UUID | None, sequence: int
) -> list[NewEvent]:
    if env.pending is None or env.pending.command_id != command_id:
        return []
    seen = {"boot_id": str(boot_id) if boot_id else None, "sequence": sequence}
    if env.pending.kind == "shutdown":
        done = transition(env, "CommandCompleted", "deleting", command_id=str(command_id), version=version, **seen)
        return [done, transition(env, "DecommissionRequested", "deleting", reason="agent shut down")]
    to = COMPLETES_TO.get(env.state, env.state)
    return [transition(env, "CommandCompleted", to, command_id=str(command_id), media_state=media_state,
                       version=version, **seen)]  # fmt: skip


def failed(env: Environment, command_id: uuid.UUID, reason: str) -> list[NewEvent]:
    if env.pending is None or env.pending.command_id != command_id:
        return []
    to = FALLS_BACK_TO.get(env.state, env.state)
    return [transition(env, "CommandFailed", to, command_id=str(command_id), reason=reason)]


def chase_command(env: Environment, now: datetime, ack_timeout: float, max_attempts: int) -> list[NewEvent]:
    """Reissue a command the agent has not acknowledged (or finished) in time; give up after max_attempts."""
    pending = env.pending
    if pending is None:
        return []
    patience = ack_timeout * (4 if pending.acknowledged else 1)
    if now - pending.last_issued_at < timedelta(seconds=patience):
        return []
    if pending.attempts < max_attempts:
        return [
            NewEvent("CommandReissued", {
                "command_id": str(pending.command_id), "attempt": pending.attempts + 1, "command": pending.kind,
                "target_version": pending.target_version,
            })
        ]  # fmt: skip
    reason = f"agent did not {'finish' if pending.acknowledged else 'acknowledge'} {pending.kind} in time"
    expired = NewEvent("CommandExpired", {"command_id": str(pending.command_id), "reason": reason})
    if env.state == "deleting":
        return [expired, transition(env, "DecommissionRequested", "deleting", reason=reason)]
    return [expired]


def provisioning_timed_out(env: Environment, now: datetime, timeout: float) -> list[NewEvent]:
    started = env.provisioning_started_at
    if env.state != "provisioning" or started is None or now - started < timedelta(seconds=timeout):
        return []
    return provisioning_failed(env, env.attempt, f"the agent did not report within {timeout:g} s")


def unreachable(env: Environment, last_heartbeat_at: datetime | None) -> list[NewEvent]:
    if env.state not in AGENT_ALIVE or env.health == "unreachable":
        return []
    seen = last_heartbeat_at.isoformat() if last_heartbeat_at else None
    return [NewEvent("BecameUnreachable", {"last_heartbeat_at": seen})]


def heard_from(env: Environment) -> list[NewEvent]:
    return [NewEvent("Recovered", {})] if env.health != "ok" and env.state in AGENT_ALIVE else []


def reconcile(env: Environment, media_state: str, boot_id: uuid.UUID, sequence: int) -> list[NewEvent]:
    """After an agent (re)connects: put its media back in the state the environment should be in.

    A report the agent sent before a completion we already applied is stale and changes nothing.
    """
    if env.pending is not None or env.state not in AGENT_ALIVE:
        return []
    if env.agent_boot == boot_id and sequence < env.agent_sequence:
        return []
    seen = {"boot_id": str(boot_id), "sequence": sequence, "reason": "reconcile"}
    if env.state == "deleting":
        return [issue(env, "shutdown", "deleting", **seen)]
    wanted = MEDIA_WANTED.get(env.state)
    if wanted is None:
        return []
    if wanted == media_state:
        settled = COMPLETES_TO.get(env.state)
        return [transition(env, "StateSettled", settled, **seen)] if settled else []
    return [issue(env, "start" if wanted == "running" else "stop", env.state, **seen)]


def decommissioned(env: Environment) -> list[NewEvent]:
    return [] if env.state == "deleted" else [transition(env, "Decommissioned", "deleted")]


def acknowledge_creation(env: Environment, user_id: uuid.UUID) -> list[NewEvent]:
    if env.state != "running" or env.creation_acknowledged:
        return []
    return [NewEvent("CreationAcknowledged", {"user_id": str(user_id)})]
