"""What the rest of the platform and the agents hear from the environments service's events."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from cenv_agent.contract.messages import AGENT_COMMANDS, UpgradeEnvironment
from common.contracts import Message
from common.eventstore import RecordedEvent
from environments.adapters.commands import DecommissionEnvironment, ProvisionEnvironment
from environments.adapters.projections import environment_id
from environments.contract.events import (
    EnvironmentBecameRunning,
    EnvironmentBecameUnreachable,
    EnvironmentDegraded,
    EnvironmentDeleted,
    EnvironmentRecovered,
    EnvironmentRequested,
    EnvironmentStateChanged,
)


def _scope(e: RecordedEvent) -> dict[str, object]:
    actor = e.metadata.get("actor_user_id")
    return {
        "organisation_id": e.metadata["organisation_id"],
        "actor_user_id": uuid.UUID(actor) if actor else None,
        "environment_id": environment_id(e),
    }


def _agent_command(e: RecordedEvent) -> Sequence[Message]:
    model = AGENT_COMMANDS[e.data["command"]]
    ids = {"environment_id": environment_id(e), "command_id": uuid.UUID(e.data["command_id"])}
    if model is UpgradeEnvironment:
        return [UpgradeEnvironment(**ids, target_version=e.data.get("target_version") or "latest")]
    return [model(**ids)]


def _requested(e: RecordedEvent) -> Sequence[Message]:
    d = e.data
    return [
        EnvironmentRequested(
            **_scope(e),
            name=d["name"],
            cloud_provider=d["cloud_provider"],
            region=d["region"],
            instance_type=d["instance_type"],
        )
    ]


def _provision(e: RecordedEvent) -> Sequence[Message]:
    return [ProvisionEnvironment(environment_id=environment_id(e), attempt=e.data["attempt"])]


def _unreachable(e: RecordedEvent) -> Sequence[Message]:
    return [EnvironmentBecameUnreachable(**_scope(e), last_heartbeat_at=e.data["last_heartbeat_at"])]


def _degraded(e: RecordedEvent) -> Sequence[Message]:
    return [EnvironmentDegraded(**_scope(e), command_id=uuid.UUID(e.data["command_id"]), reason=e.data["reason"])]


def _only(model: type[Message]) -> Callable[[RecordedEvent], Sequence[Message]]:
    return lambda e: [model(**_scope(e))]


_SPECIFIC: dict[str, Callable[[RecordedEvent], Sequence[Message]]] = {
    "EnvironmentRequested": _requested,
    "ProvisioningRequested": _provision,
    "AgentProvisioned": _only(EnvironmentBecameRunning),
    "LifecycleCommandIssued": _agent_command,
    "CommandReissued": _agent_command,
    "BecameUnreachable": _unreachable,
    "Recovered": _only(EnvironmentRecovered),
    "CommandExpired": _degraded,
    "DecommissionRequested": lambda e: [DecommissionEnvironment(environment_id=environment_id(e))],
    "Decommissioned": _only(EnvironmentDeleted),
}


def _state_change(e: RecordedEvent) -> list[Message]:
    previous, state = e.data.get("previous_state"), e.data.get("state")
    if state is None or previous is None or previous == state:
        return []
    return [EnvironmentStateChanged(**_scope(e), previous_state=previous, state=state, reason=e.data.get("reason"))]


def translate(event: RecordedEvent) -> Sequence[Message]:
    specific = _SPECIFIC.get(event.type)
    return [*_state_change(event), *(specific(event) if specific else [])]
