"""The inputs list (with what their environment's agent holds of each, whether each is started and whether its
media runs) and the environments streams knows of."""

from __future__ import annotations

from typing import Any

from common.eventstore import RecordedEvent
from common.projections import Projection
from streams.adapters import event_codec
from streams.domain import events as e

_UPSERT = """INSERT INTO {s}.inputs (organisation_id, id, environment_id, input_type, user_description,
                 max_allowed_bitrate_kbps, port, input_settings, deleted, created_at, updated_at, config_version,
                 agent_attempts, agent_sent_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, false, $9, $9, $10, 1, $9)
             ON CONFLICT (organisation_id, id) DO UPDATE SET environment_id = excluded.environment_id,
                 input_type = excluded.input_type, user_description = excluded.user_description,
                 max_allowed_bitrate_kbps = excluded.max_allowed_bitrate_kbps, port = excluded.port,
                 input_settings = excluded.input_settings, deleted = false, created_at = excluded.created_at,
                 updated_at = excluded.updated_at, config_version = excluded.config_version, agent_attempts = 1,
                 agent_sent_at = excluded.agent_sent_at, enabled = true, warning_sent = false,
                 input_stopped = false, agent_running = NULL"""
_CHANGE = """UPDATE {s}.inputs SET user_description = $3, max_allowed_bitrate_kbps = $4, port = $5,
                 input_settings = $6::jsonb, updated_at = $7, config_version = $8, agent_attempts = 1,
                 agent_sent_at = $7
             WHERE organisation_id = $1 AND id = $2"""
_DELETE = """UPDATE {s}.inputs SET deleted = true, port = NULL, updated_at = $3, config_version = $4,
                 agent_attempts = 1, agent_sent_at = $3
             WHERE organisation_id = $1 AND id = $2"""
_RUNNING = """UPDATE {s}.inputs SET enabled = $3, warning_sent = warning_sent AND NOT $3,
                 input_stopped = input_stopped AND NOT $3, updated_at = $4, config_version = $5, agent_attempts = 1,
                 agent_sent_at = $4
             WHERE organisation_id = $1 AND id = $2"""
_HELD = """UPDATE {s}.inputs SET agent_version = $4, agent_running = $5
             WHERE organisation_id = $1 AND id = $2 AND environment_id = $3"""
_GUARDED = """UPDATE {s}.inputs SET {flag} = true WHERE organisation_id = $1 AND id = $2 AND environment_id = $3"""
_RESENT = """UPDATE {s}.inputs SET config_version = $4, agent_attempts = $5, agent_sent_at = $6
             WHERE organisation_id = $1 AND id = $2 AND environment_id = $3"""


def _described(settings: dict[str, Any]) -> tuple[Any, ...]:
    return settings.get("user_description"), settings.get("max_allowed_bitrate_kbps"), settings.get("port"), settings


async def _input(conn: Any, s: str, r: RecordedEvent) -> None:
    match event_codec.decode(r):
        case e.InputCreated() as created:
            await conn.execute(_UPSERT.format(s=s), created.organisation_id, created.input_id, created.environment_id,
                               created.kind, *_described(created.settings), r.recorded_at, created.version)  # fmt: skip
        case e.InputChanged() as changed:
            await conn.execute(_CHANGE.format(s=s), changed.organisation_id, changed.input_id,
                               *_described(changed.settings), r.recorded_at, changed.version)  # fmt: skip
        case e.InputDeleted() as deleted:
            await conn.execute(_DELETE.format(s=s), deleted.organisation_id, deleted.input_id, r.recorded_at,
                               deleted.version)  # fmt: skip
        case e.InputStarted() | e.InputStopped() as switched:
            await conn.execute(_RUNNING.format(s=s), switched.organisation_id, switched.input_id,
                               isinstance(switched, e.InputStarted), r.recorded_at, switched.version)  # fmt: skip


async def _agent_copy(conn: Any, s: str, r: RecordedEvent) -> None:
    match event_codec.decode(r):
        case e.InputHeldByAgent() as held:
            await conn.execute(_HELD.format(s=s), held.organisation_id, held.input_id, held.environment_id,
                               held.version, held.running)  # fmt: skip
        case e.InputConfigurationResent() | e.InputRemovalResent() as resent:
            await conn.execute(_RESENT.format(s=s), resent.organisation_id, resent.input_id, resent.environment_id,
                               resent.version, resent.attempt, r.recorded_at)  # fmt: skip


async def _guarded(conn: Any, s: str, r: RecordedEvent) -> None:
    event = event_codec.decode(r)
    assert isinstance(event, e.InputGuardEvent)
    flag = "input_stopped" if isinstance(event, e.InputMarkedStopped) else "warning_sent"
    await conn.execute(_GUARDED.format(s=s, flag=flag), event.organisation_id, event.input_id, event.environment_id)


async def _environment(conn: Any, s: str, r: RecordedEvent) -> None:
    noted = event_codec.decode(r)
    assert isinstance(noted, e.EnvironmentNoted)
    await conn.execute(
        f"""INSERT INTO {s}.input_environments (id, organisation_id, state) VALUES ($1, $2, $3)
            ON CONFLICT (id) DO UPDATE SET organisation_id = excluded.organisation_id, state = excluded.state""",
        noted.environment_id, noted.organisation_id, noted.state,
    )  # fmt: skip


INPUT_EVENTS: tuple[type[e.DomainEvent], ...] = (e.InputCreated, e.InputChanged, e.InputDeleted, e.InputStarted,
                                                  e.InputStopped)  # fmt: skip
AGENT_COPY_EVENTS: tuple[type[e.DomainEvent], ...] = (e.InputHeldByAgent, e.InputConfigurationResent,
                                                       e.InputRemovalResent)  # fmt: skip
INPUT_HANDLERS = {
    **dict.fromkeys(map(event_codec.name_of, INPUT_EVENTS), _input),
    **dict.fromkeys(map(event_codec.name_of, AGENT_COPY_EVENTS), _agent_copy),
    **dict.fromkeys(map(event_codec.name_of, (e.InputMarkedStopped, e.InputWarnedRunningHot)), _guarded),
}
INPUTS = Projection("inputs", ["inputs"], INPUT_HANDLERS)
ENVIRONMENTS = Projection("input_environments", ["input_environments"],
                          {event_codec.name_of(e.EnvironmentNoted): _environment})  # fmt: skip
