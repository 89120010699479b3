"""The outputs list: every output of every taker organisation, with its environment and listening port, and what its
environment's agent holds of it, whether it is started and whether its media runs."""

from __future__ import annotations

from typing import Any

from common.eventstore import RecordedEvent
from common.projections import Projection
from streams.adapters import event_codec
from streams.contract.outputs import LISTEN_PORT
from streams.domain import events as e

_UPSERT = """INSERT INTO {s}.outputs (taker_organisation_id, id, environment_id, output_type, user_description, port,
                 output_settings, deleted, created_at, updated_at, config_version, agent_attempts, agent_sent_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, false, $8, $8, $9, 1, $8)
             ON CONFLICT (taker_organisation_id, id) DO UPDATE SET environment_id = excluded.environment_id,
                 output_type = excluded.output_type, user_description = excluded.user_description,
                 port = excluded.port, output_settings = excluded.output_settings, deleted = false,
                 created_at = excluded.created_at, updated_at = excluded.updated_at,
                 config_version = excluded.config_version, agent_attempts = 1,
                 agent_sent_at = excluded.agent_sent_at, enabled = true, agent_running = NULL"""
_CHANGE = """UPDATE {s}.outputs SET user_description = $3, port = $4, output_settings = $5::jsonb, updated_at = $6,
                 config_version = $7, agent_attempts = 1, agent_sent_at = $6
             WHERE taker_organisation_id = $1 AND id = $2"""
_DELETE = """UPDATE {s}.outputs SET deleted = true, port = NULL, updated_at = $3, config_version = $4,
                 agent_attempts = 1, agent_sent_at = $3
             WHERE taker_organisation_id = $1 AND id = $2"""
_RUNNING = """UPDATE {s}.outputs SET enabled = $3, updated_at = $4, config_version = $5, agent_attempts = 1,
                 agent_sent_at = $4
             WHERE taker_organisation_id = $1 AND id = $2"""
_HELD = """UPDATE {s}.outputs SET agent_version = $4, agent_running = $5
             WHERE taker_organisation_id = $1 AND id = $2 AND environment_id = $3"""
_RESENT = """UPDATE {s}.outputs SET config_version = $4, agent_attempts = $5, agent_sent_at = $6
             WHERE taker_organisation_id = $1 AND id = $2 AND environment_id = $3"""


def _described(kind: str, settings: dict[str, Any]) -> tuple[Any, ...]:
    listening = LISTEN_PORT.get(kind)  # type: ignore[call-overload]
    port = settings.get(listening) or None if listening else None
    return settings.get("user_description"), port, settings


async def _output(conn: Any, s: str, r: RecordedEvent) -> None:
    match event_codec.decode(r):
        case e.OutputCreated() as created:
            await conn.execute(_UPSERT.format(s=s), created.organisation_id, created.output_id,
                               created.environment_id, created.kind, *_described(created.kind, created.settings),
                               r.recorded_at, created.version)  # fmt: skip
        case e.OutputChanged() as changed:
            await conn.execute(_CHANGE.format(s=s), changed.organisation_id, changed.output_id,
                               *_described(changed.kind, changed.settings), r.recorded_at, changed.version)  # fmt: skip
        case e.OutputDeleted() as deleted:
            await conn.execute(_DELETE.format(s=s), deleted.organisation_id, deleted.output_id, r.recorded_at,
                               deleted.version)  # fmt: skip
        case e.OutputStarted() | e.OutputStopped() as switched:
            await conn.execute(_RUNNING.format(s=s), switched.organisation_id, switched.output_id,
                               isinstance(switched, e.OutputStarted), r.recorded_at, switched.version)  # fmt: skip


async def _agent_copy(conn: Any, s: str, r: RecordedEvent) -> None:
    match event_codec.decode(r):
        case e.OutputHeldByAgent() as held:
            await conn.execute(_HELD.format(s=s), held.organisation_id, held.output_id, held.environment_id,
                               held.version, held.running)  # fmt: skip
        case e.OutputConfigurationResent() | e.OutputRemovalResent() as resent:
            await conn.execute(_RESENT.format(s=s), resent.organisation_id, resent.output_id, resent.environment_id,
                               resent.version, resent.attempt, r.recorded_at)  # fmt: skip


OUTPUT_EVENTS: tuple[type[e.DomainEvent], ...] = (e.OutputCreated, e.OutputChanged, e.OutputDeleted, e.OutputStarted,
                                                   e.OutputStopped)  # fmt: skip
AGENT_COPY_EVENTS: tuple[type[e.DomainEvent], ...] = (e.OutputHeldByAgent, e.OutputConfigurationResent,
                                                       e.OutputRemovalResent)  # fmt: skip
OUTPUT_HANDLERS = {
    **dict.fromkeys(map(event_codec.name_of, OUTPUT_EVENTS), _output),
    **dict.fromkeys(map(event_codec.name_of, AGENT_COPY_EVENTS), _agent_copy),
}
OUTPUTS = Projection("outputs", ["outputs"], OUTPUT_HANDLERS)
