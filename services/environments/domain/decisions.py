"""What happens to an environment: each function returns the events a request or report leads to."""

from __future__ import annotations

import uuid
from datetime import datetime

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
    RELAUNCHED,
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
    if not _current(env, boot_id, sequence):
        return []
    if env.state == "deleting":
        return [issue(env, "shutdown", "deleting", reported=(boot_id, sequence), reason="reconcile")]
    wanted = MEDIA_WANTED.get(env.state)
    if wanted is None or wanted == media_state:
        return _settled(env, boot_id, sequence) if wanted else []
    kind: AgentCommandKind = "start" if wanted == "running" else "stop"
    return [issue(env, kind, env.state, reported=(boot_id, sequence), reason="reconcile")]


def converge(env: Environment, media_state: str, boot_id: uuid.UUID, sequence: int) -> list[e.DomainEvent]:
    """On a heartbeat: a transition whose command expired is over if the media got there after all; a settled
    state whose media drifted is put back. (A transition still waiting is left to its deadline.)"""
    wanted = MEDIA_WANTED.get(env.state)
    if wanted is None or not _current(env, boot_id, sequence):
        return []
    if env.state in COMPLETES_TO:
        return _settled(env, boot_id, sequence) if wanted == media_state else []
    return [] if wanted == media_state else reconcile(env, media_state, boot_id, sequence)


def _current(env: Environment, boot_id: uuid.UUID, sequence: int) -> bool:
    """No command of ours in flight, an agent expected, and the report not older than one already applied."""
    stale = env.agent_boot == boot_id and sequence < env.agent_sequence
    return env.pending is None and env.state in AGENT_ALIVE and not stale


def _settled(env: Environment, boot_id: uuid.UUID, sequence: int) -> list[e.DomainEvent]:
    settled = COMPLETES_TO.get(env.state)
    if settled is None:
        return []
    return [e.StateSettled(previous_state=env.state, state=settled, boot_id=boot_id, sequence=sequence,
                           reason="reconcile")]  # fmt: skip


def relaunched(env: Environment) -> list[e.DomainEvent]:
    return [e.AgentRelaunched(reason="the driver ran no agent for it")] if env.state in RELAUNCHED else []


def decommissioned(env: Environment) -> list[e.DomainEvent]:
    return [] if env.state == "deleted" else [e.Decommissioned(previous_state=env.state, state="deleted")]


def acknowledge_creation(env: Environment, user_id: uuid.UUID) -> list[e.DomainEvent]:
    if env.state != "running" or env.creation_acknowledged:
        return []
    return [e.CreationAcknowledged(user_id=user_id)]


def resized(env: Environment, instance_type: str, scheduler_version: int) -> list[e.DomainEvent]:
    """Noted when newer than the resize noted last (the scheduler's messages can overtake each other), even naming
    the type held: an older message arriving later must not undo it."""
    if not env.exists or env.state == "deleted" or scheduler_version <= env.resized_as_of:
        return []
    return [e.Resized(instance_type=instance_type, scheduler_version=scheduler_version)]
