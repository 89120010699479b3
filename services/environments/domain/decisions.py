"""What happens to an environment: each function returns the events a request or report leads to."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from common.errors import Conflict
from environments.domain import events as e
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


def request(environment_id: uuid.UUID, organisation_id: int, name: str, provider: str, region: str,
            instance_type: str) -> list[e.DomainEvent]:  # fmt: skip
    requested = e.EnvironmentRequested(
        environment_id=environment_id, organisation_id=organisation_id, name=name, cloud_provider=provider,
        region=region, instance_type=instance_type, previous_state=None, state="requested",
    )  # fmt: skip
    return [requested, e.ProvisioningRequested(attempt=1, previous_state="requested", state="requested")]


def act(env: Environment, action: Action, target_version: str | None = None) -> list[e.DomainEvent]:
    """A user's request: legal only from some states, else 409 naming the current state."""
    to = ACTIONS[action].get(live(env).state)
    if to is None:
        raise Conflict(f"cannot {action} the environment while it is {env.state}")
    if action == "start" and env.state == "failed":
        return [e.ProvisioningRequested(attempt=env.attempt + 1, previous_state=env.state, state=to)]
    if action == "delete" and env.state in ("requested", "provisioning", "failed"):
        return [e.DecommissionRequested(previous_state=env.state, state=to, reason="deleted before its agent ran")]
    return [issue(env, COMMAND_FOR[action], to, target_version=target_version)]


def issue(
    env: Environment, kind: AgentCommandKind, to: State, *, target_version: str | None = None,
    reported: tuple[uuid.UUID, int] | None = None, reason: str | None = None,
) -> e.LifecycleCommandIssued:  # fmt: skip
    """``reported``: the (boot, sequence) of the agent's report that made this command necessary."""
    boot_id, sequence = reported or (None, 0)
    return e.LifecycleCommandIssued(
        previous_state=env.state, state=to, command_id=uuid.uuid4(), command=kind, target_version=target_version,
        boot_id=boot_id, sequence=sequence, reason=reason,
    )  # fmt: skip


def provisioning_started(env: Environment, attempt: int) -> list[e.DomainEvent]:
    if env.attempt != attempt or env.state not in PROVISIONABLE:
        return []
    return [e.ProvisioningStarted(previous_state=env.state, state="provisioning", attempt=attempt)]


def provisioning_failed(env: Environment, attempt: int, reason: str) -> list[e.DomainEvent]:
    if env.attempt != attempt or env.state not in PROVISIONABLE:
        return []
    return [e.ProvisioningFailed(previous_state=env.state, state="failed", attempt=attempt, reason=reason)]


def provisioned(env: Environment, agent_version: str, boot_id: uuid.UUID) -> list[e.DomainEvent]:
    if env.state not in (*PROVISIONABLE, "failed"):
        return []
    return [e.AgentProvisioned(previous_state=env.state, state="running", agent_version=agent_version,
                               boot_id=boot_id)]  # fmt: skip


def acknowledged(env: Environment, command_id: uuid.UUID) -> list[e.DomainEvent]:
    if env.pending is None or env.pending.command_id != command_id or env.pending.acknowledged:
        return []
    return [e.CommandAcknowledged(command_id=command_id)]


def completed(
    env: Environment, command_id: uuid.UUID, media_state: str, version: str, boot_id: uuid.UUID | None, sequence: int
) -> list[e.DomainEvent]:
    if env.pending is None or env.pending.command_id != command_id:
        return []
    shutdown = env.pending.kind == "shutdown"
    done = e.CommandCompleted(
        previous_state=env.state, state="deleting" if shutdown else COMPLETES_TO.get(env.state, env.state),
        command_id=command_id, media_state=None if shutdown else media_state, version=version, boot_id=boot_id,
        sequence=sequence,
    )  # fmt: skip
    if shutdown:
        return [done, e.DecommissionRequested(previous_state="deleting", state="deleting", reason="agent shut down")]
    return [done]


def failed(env: Environment, command_id: uuid.UUID, reason: str) -> list[e.DomainEvent]:
    if env.pending is None or env.pending.command_id != command_id:
        return []
    to = FALLS_BACK_TO.get(env.state, env.state)
    return [e.CommandFailed(previous_state=env.state, state=to, command_id=command_id, reason=reason)]


def chase_command(env: Environment, now: datetime, ack_timeout: float, max_attempts: int) -> list[e.DomainEvent]:
    """Reissue a command the agent has not acknowledged (or finished) in time; give up after max_attempts."""
    pending = env.pending
    if pending is None:
        return []
    patience = ack_timeout * (4 if pending.acknowledged else 1)
    if now - pending.last_issued_at < timedelta(seconds=patience):
        return []
    if pending.attempts < max_attempts:
        return [e.CommandReissued(command_id=pending.command_id, attempt=pending.attempts + 1, command=pending.kind,
                                  target_version=pending.target_version)]  # fmt: skip
    reason = f"agent did not {'finish' if pending.acknowledged else 'acknowledge'} {pending.kind} in time"
    expired = e.CommandExpired(command_id=pending.command_id, reason=reason)
    if env.state == "deleting":
        return [expired, e.DecommissionRequested(previous_state=env.state, state="deleting", reason=reason)]
    return [expired]


def provisioning_timed_out(env: Environment, now: datetime, timeout: float) -> list[e.DomainEvent]:
    started = env.provisioning_started_at
    if env.state != "provisioning" or started is None or now - started < timedelta(seconds=timeout):
        return []
    return provisioning_failed(env, env.attempt, f"the agent did not report within {timeout:g} s")


def unreachable(env: Environment, last_heartbeat_at: datetime | None) -> list[e.DomainEvent]:
    if env.state not in AGENT_ALIVE or env.health == "unreachable":
        return []
    return [e.BecameUnreachable(last_heartbeat_at=last_heartbeat_at)]


def heard_from(env: Environment) -> list[e.DomainEvent]:
    return [e.Recovered()] if env.health != "ok" and env.state in AGENT_ALIVE else []


def reconcile(env: Environment, media_state: str, boot_id: uuid.UUID, sequence: int) -> list[e.DomainEvent]:
    """After an agent (re)connects: put its media back in the state the environment should be in.

    A report the agent sent before a completion we already applied is stale and changes nothing.
    """
    if env.pending is not None or env.state not in AGENT_ALIVE:
        return []
    if env.agent_boot == boot_id and sequence < env.agent_sequence:
        return []
    reported = (boot_id, sequence)
    if env.state == "deleting":
        return [issue(env, "shutdown", "deleting", reported=reported, reason="reconcile")]
    wanted = MEDIA_WANTED.get(env.state)
    if wanted is None:
        return []
    if wanted == media_state:
        settled = COMPLETES_TO.get(env.state)
        return [e.StateSettled(previous_state=env.state, state=settled, boot_id=boot_id, sequence=sequence,
                               reason="reconcile")] if settled else []  # fmt: skip
    return [issue(env, "start" if wanted == "running" else "stop", env.state, reported=reported, reason="reconcile")]


def decommissioned(env: Environment) -> list[e.DomainEvent]:
    return [] if env.state == "deleted" else [e.Decommissioned(previous_state=env.state, state="deleted")]


def acknowledge_creation(env: Environment, user_id: uuid.UUID) -> list[e.DomainEvent]:
    if env.state != "running" or env.creation_acknowledged:
        return []
    return [e.CreationAcknowledged(user_id=user_id)]
