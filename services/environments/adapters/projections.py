"""The environments service's projections: the environment list, its history, and the agent command log."""

from __future__ import annotations

import uuid
from typing import Any

from common.eventstore import RecordedEvent
from common.projections import Projection


def environment_id(event: RecordedEvent) -> uuid.UUID:
    return uuid.UUID(event.stream_id.removeprefix("environment-"))


async def _requested(conn: Any, s: str, e: RecordedEvent) -> None:
    d = e.data
    await conn.execute(
        f"""INSERT INTO {s}.environments (id, organisation_id, name, cloud_provider, region, instance_type, state,
            created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'requested', $7, $8, $8)""",
        uuid.UUID(d["environment_id"]), d["organisation_id"], d["name"], d["cloud_provider"], d["region"],
        d["instance_type"], _actor(e), e.recorded_at,
    )  # fmt: skip


def _actor(e: RecordedEvent) -> uuid.UUID | None:
    actor = e.metadata.get("actor_user_id")
    return uuid.UUID(actor) if actor else None


async def _any(conn: Any, s: str, e: RecordedEvent) -> None:
    """Every event updates the row's state, health, reason and timestamps."""
    d = e.data
    health = {"BecameUnreachable": "unreachable", "Recovered": "ok", "CommandExpired": "degraded",
              "AgentProvisioned": "ok"}.get(e.type)  # fmt: skip
    await conn.execute(
        f"""UPDATE {s}.environments SET
              state = coalesce($2, state),
              health = coalesce($3, health),
              state_reason = CASE WHEN $2::text IS NULL THEN state_reason ELSE $4 END,
              agent_version = coalesce($5, agent_version),
              provisioning_attempts = coalesce($6, provisioning_attempts),
              creation_acknowledged = creation_acknowledged OR $7,
              updated_at = $8
            WHERE id = $1""",
        environment_id(e), d.get("state"), health, d.get("reason"), d.get("agent_version") or d.get("version"),
        d.get("attempt") if e.type == "ProvisioningRequested" else None, e.type == "CreationAcknowledged",
        e.recorded_at,
    )  # fmt: skip
    await conn.execute(
        f"""INSERT INTO {s}.environment_history (environment_id, version, event, previous_state, state, reason, at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""",
        environment_id(e), e.version, e.type, d.get("previous_state"), d.get("state"), d.get("reason"), e.recorded_at,
    )  # fmt: skip


async def _issued(conn: Any, s: str, e: RecordedEvent) -> None:
    await conn.execute(
        f"""INSERT INTO {s}.agent_commands (command_id, environment_id, command, attempts, issued_at, last_issued_at)
            VALUES ($1, $2, $3, 1, $4, $4)""",
        uuid.UUID(e.data["command_id"]), environment_id(e), e.data["command"], e.recorded_at,
    )  # fmt: skip


async def _reissued(conn: Any, s: str, e: RecordedEvent) -> None:
    await conn.execute(
        f"UPDATE {s}.agent_commands SET attempts = $2, last_issued_at = $3 WHERE command_id = $1",
        uuid.UUID(e.data["command_id"]), e.data["attempt"], e.recorded_at,
    )  # fmt: skip


async def _acknowledged(conn: Any, s: str, e: RecordedEvent) -> None:
    await conn.execute(
        f"UPDATE {s}.agent_commands SET acknowledged_at = $2 WHERE command_id = $1",
        uuid.UUID(e.data["command_id"]), e.recorded_at,
    )  # fmt: skip


def _finish(outcome: str) -> Any:
    async def finish(conn: Any, s: str, e: RecordedEvent) -> None:
        await conn.execute(
            f"UPDATE {s}.agent_commands SET finished_at = $2, outcome = $3 WHERE command_id = $1",
            uuid.UUID(e.data["command_id"]), e.recorded_at, outcome,
        )  # fmt: skip

    return finish


async def _on(conn: Any, s: str, e: RecordedEvent) -> None:
    await _any(conn, s, e)
    command = _COMMAND_LOG.get(e.type)
    if command is not None:
        await command(conn, s, e)


_COMMAND_LOG = {
    "LifecycleCommandIssued": _issued,
    "CommandReissued": _reissued,
    "CommandAcknowledged": _acknowledged,
    "CommandCompleted": _finish("completed"),
    "CommandFailed": _finish("failed"),
    "CommandExpired": _finish("expired"),
}
EVENT_TYPES = (
    "ProvisioningRequested", "ProvisioningStarted", "ProvisioningFailed", "AgentProvisioned", "LifecycleCommandIssued",
    "CommandReissued", "CommandAcknowledged", "CommandCompleted", "CommandFailed", "CommandExpired",
    "DecommissionRequested", "Decommissioned", "BecameUnreachable", "Recovered", "CreationAcknowledged", "StateSettled",
)  # fmt: skip


async def _requested_with_history(conn: Any, s: str, e: RecordedEvent) -> None:
    await _requested(conn, s, e)
    await _any(conn, s, e)


ENVIRONMENTS = Projection(
    "environments",
    ["environments", "environment_history", "agent_commands"],
    {"EnvironmentRequested": _requested_with_history, **dict.fromkeys(EVENT_TYPES, _on)},
)
PROJECTIONS = [ENVIRONMENTS]
