"""What the rest of the platform and the agents hear from the environments service's events."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from cenv_agent.contract.messages import AGENT_COMMANDS, UpgradeEnvironment
from common.contracts import Message
from common.eventstore import RecordedEvent
from environments.adapters import event_codec
from environments.adapters.commands import DecommissionEnvironment, ProvisionEnvironment
from environments.contract import events as published
from environments.domain import events as e
from environments.domain.environment import environment_id_of


def _scope(r: RecordedEvent) -> dict[str, object]:
    actor = r.metadata.get("actor_user_id")
    return {
        "organisation_id": r.metadata["organisation_id"],
        "actor_user_id": uuid.UUID(actor) if actor else None,
        "environment_id": environment_id_of(r.stream_id),
    }


def _agent_command(environment_id: uuid.UUID, event: e.LifecycleCommandIssued | e.CommandReissued) -> Message:
    model = AGENT_COMMANDS[event.command]
    if model is UpgradeEnvironment:
        return UpgradeEnvironment(environment_id=environment_id, command_id=event.command_id,
                                  target_version=event.target_version or "latest")  # fmt: skip
    return model(environment_id=environment_id, command_id=event.command_id)


def _specific(r: RecordedEvent, event: e.DomainEvent) -> list[Message]:
    environment_id = environment_id_of(r.stream_id)
    match event:
        case e.EnvironmentRequested():
            return [published.EnvironmentRequested(**_scope(r), name=event.name, cloud_provider=event.cloud_provider,
                                                   region=event.region, instance_type=event.instance_type)]  # fmt: skip
        case e.ProvisioningRequested(attempt=attempt):
            return [ProvisionEnvironment(environment_id=environment_id, attempt=attempt)]
        case e.AgentProvisioned():
            return [published.EnvironmentBecameRunning(**_scope(r))]
        case e.LifecycleCommandIssued() | e.CommandReissued():
            return [_agent_command(environment_id, event)]
        case e.BecameUnreachable(last_heartbeat_at=last):
            return [published.EnvironmentBecameUnreachable(**_scope(r), last_heartbeat_at=last)]
        case e.Recovered():
            return [published.EnvironmentRecovered(**_scope(r))]
        case e.CommandExpired():
            return [published.EnvironmentDegraded(**_scope(r), command_id=event.command_id, reason=event.reason)]
        case e.DecommissionRequested():
            return [DecommissionEnvironment(environment_id=environment_id)]
        case e.Decommissioned():
            return [published.EnvironmentDeleted(**_scope(r))]
    return []


def _state_change(r: RecordedEvent, event: e.DomainEvent) -> list[Message]:
    if not isinstance(event, e.Transition) or event.previous_state in (None, event.state):
        return []
    reason = event.reason if isinstance(event, e.Explained) else None
    return [published.EnvironmentStateChanged(**_scope(r), previous_state=event.previous_state, state=event.state,
                                              reason=reason)]  # fmt: skip


def translate(recorded: RecordedEvent) -> Sequence[Message]:
    event = event_codec.decode(recorded)
    return [*_state_change(recorded, event), *_specific(recorded, event)]
