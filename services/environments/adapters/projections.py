"""The environments service's projections: the environment list, its history, and the agent command log."""

from __future__ import annotations

import uuid
from typing import Any

from common.eventstore import RecordedEvent
from common.projections import Projection
from environments.adapters import event_codec
from environments.domain import events as e
from environments.domain.environment import environment_id_of, health_after


async def _requested(conn: Any, s: str, r: RecordedEvent, event: e.EnvironmentRequested) -> None:
    await conn.execute(
        f"""INSERT INTO {s}.environments (id, organisation_id, name, cloud_provider, region, instance_type, state,
            created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'requested', $7, $8, $8)""",
        event.environment_id, event.organisation_id, event.name, event.cloud_provider, event.region,
        event.instance_type, _actor(r), r.recorded_at,
    )  # fmt: skip


def _actor(r: RecordedEvent) -> uuid.UUID | None:
    actor = r.metadata.get("actor_user_id")
    return uuid.UUID(actor) if actor else None


def _agent_version(event: e.DomainEvent) -> str | None:
    match event:
        case e.AgentProvisioned(agent_version=version) | e.CommandCompleted(version=version):
            return version or None
    return None


async def _any(conn: Any, s: str, r: RecordedEvent, event: e.DomainEvent) -> None:
    """Every event updates the row's state, health, reason and timestamps, and adds a line to the history."""
    state = event.state if isinstance(event, e.Transition) else None
    previous = event.previous_state if isinstance(event, e.Transition) else None
    reason = event.reason if isinstance(event, e.Explained) else None
    attempt = event.attempt if isinstance(event, e.ProvisioningRequested) else None
    instance_type = event.instance_type if isinstance(event, e.Resized) else None
    await conn.execute(
        f"""UPDATE {s}.environments SET
              state = coalesce($2, state),
              health = coalesce($3, health),
              state_reason = CASE WHEN $2::text IS NULL THEN state_reason ELSE $4 END,
              agent_version = coalesce($5, agent_version),
              provisioning_attempts = coalesce($6, provisioning_attempts),
              creation_acknowledged = creation_acknowledged OR $7,
              instance_type = coalesce($9, instance_type),
              updated_at = $8
            WHERE id = $1""",
        environment_id_of(r.stream_id), state, health_after(event), reason, _agent_version(event), attempt,
        isinstance(event, e.CreationAcknowledged), r.recorded_at, instance_type,
    )  # fmt: skip
    await conn.execute(
        f"""INSERT INTO {s}.environment_history (environment_id, version, event, previous_state, state, reason, at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""",
        environment_id_of(r.stream_id), r.version, event_codec.name_of(event), previous, state, reason, r.recorded_at,
    )  # fmt: skip


async def _command_log(conn: Any, s: str, r: RecordedEvent, event: e.DomainEvent) -> None:
    log = f"{s}.agent_commands"
    match event:
        case e.LifecycleCommandIssued():
            await conn.execute(
                f"""INSERT INTO {log} (command_id, environment_id, command, attempts, issued_at, last_issued_at)
                    VALUES ($1, $2, $3, 1, $4, $4)""",
                event.command_id, environment_id_of(r.stream_id), event.command, r.recorded_at,
            )  # fmt: skip
        case e.CommandReissued():
            await conn.execute(
                f"UPDATE {log} SET attempts = $2, last_issued_at = $3 WHERE command_id = $1",
                event.command_id, event.attempt, r.recorded_at,
            )  # fmt: skip
        case e.CommandAcknowledged():
            await conn.execute(f"UPDATE {log} SET acknowledged_at = $2 WHERE command_id = $1", event.command_id,
                               r.recorded_at)  # fmt: skip
        case e.CommandCompleted() | e.CommandFailed() | e.CommandExpired():
            await conn.execute(
                f"UPDATE {log} SET finished_at = $2, outcome = $3 WHERE command_id = $1",
                event.command_id, r.recorded_at, _OUTCOMES[type(event)],
            )  # fmt: skip


_OUTCOMES = {e.CommandCompleted: "completed", e.CommandFailed: "failed", e.CommandExpired: "expired"}


async def project(conn: Any, s: str, r: RecordedEvent) -> None:
    event = event_codec.decode(r)
    if isinstance(event, e.EnvironmentRequested):
        await _requested(conn, s, r, event)
    await _any(conn, s, r, event)
    await _command_log(conn, s, r, event)


ENVIRONMENTS = Projection(
    "environments",
    ["environments", "environment_history", "agent_commands"],
    dict.fromkeys(event_codec.TYPES, project),
)
PROJECTIONS = [ENVIRONMENTS]
