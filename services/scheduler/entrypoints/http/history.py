"""The history API (P09): finished schedule runs (``adapters.runs``) and output sessions (``adapters.sessions``),
listed with the shared list machinery, related rows filtered through its relations."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from aiohttp import web

from common.http.lists import Handler, ToObject, page, schema_handler
from common.http.principal import principal_of
from common.listing import Field, ListSpec, Relation
from scheduler.config import SCHEMA
from scheduler.contract.history import OutputSessionView
from scheduler.contract.schemas import ScheduleRunView
from scheduler.entrypoints.http.callers import managing

ENVIRONMENT = Relation(
    "environment", f"{SCHEMA}.environments", "environment.id = runs.environment_id",
    [Field("state", max_length=32), Field("organisation_id", "integer")],
)  # fmt: skip
RUNS = ListSpec(
    source=f"{SCHEMA}.schedule_runs AS runs",
    fields=[
        Field("id", "uuid", column="runs.id"),
        Field("organisation_id", "integer", column="runs.organisation_id"),
        Field("environment_id", "uuid"),
        Field("input_id", max_length=128),
        Field("output_id", max_length=128),
        Field("start_time", "datetime"),
        Field("end_time", "datetime"),
        Field("duration_seconds", "float"),
        Field("disconnect_reason", max_length=16),
        Field("is_permanent", "boolean"),
        Field("event_id", "uuid", nullable=True),
    ],
    key="runs.id",
    default_order="-end_time",
    relations=[ENVIRONMENT],
)


MEDIA_STREAMS = Relation(
    "media_streams", f"{SCHEMA}.session_media_streams", "media_streams.session_id = sessions.id",
    [Field("stream_type", max_length=16), Field("start_time", "datetime"), Field("end_time", "datetime"),
     *(Field(name, "integer") for name in ("rx_bitrate_kbps", "rx_packets", "tx_bitrate_kbps", "tx_packets",
                                            "tx_dropped")),
     *(Field(name, "float") for name in ("rx_packet_loss", "rx_jitter_ms", "tx_packet_loss", "tx_rtt_ms"))],
)  # fmt: skip
SESSIONS = ListSpec(
    source=f"{SCHEMA}.output_sessions AS sessions",
    fields=[
        Field("id", "uuid", column="sessions.id"),
        Field("organisation_id", "integer", column="sessions.organisation_id"),
        Field("environment_id", "uuid", column="sessions.environment_id"),
        Field("schedule_id", "uuid"),
        Field("input_id", max_length=128),
        Field("output_id", max_length=128),
        Field("start_time", "datetime", column="sessions.start_time"),
        Field("end_time", "datetime", column="sessions.end_time"),
        Field("duration_seconds", "float"),
        Field("disconnect_reason", max_length=32),
    ],
    key="sessions.id",
    default_order="-end_time",
    relations=[MEDIA_STREAMS, replace(ENVIRONMENT, join="environment.id = sessions.environment_id")],
)
SESSION_COLUMNS = f"""sessions.*, (SELECT coalesce(json_agg(m ORDER BY m.position), '[]') FROM (
    SELECT * FROM {SCHEMA}.session_media_streams WHERE session_id = sessions.id) AS m) AS media_streams"""


def session_view(row: Any) -> OutputSessionView:
    return OutputSessionView.model_validate(dict(row))


def run_view(row: Any) -> ScheduleRunView:
    return ScheduleRunView.model_validate(dict(row))


def history(spec: ListSpec, view: ToObject, alias: str, select: str) -> Handler:
    """A history list: a superuser's of every organisation, anyone else's of their managing organisation."""

    async def listed(request: web.Request) -> web.Response:
        if principal_of(request).is_superuser:
            return await page(request, spec, view, select=select)
        return await page(request, spec, view, [f"{alias}.organisation_id = $1"], [managing(request)], select=select)

    return listed


HANDLERS: dict[str, Handler] = {
    "history.schedule_runs": history(RUNS, run_view, "runs", "runs.*"),
    "history.schedule_runs_schema": schema_handler(RUNS, "Finished schedule runs, newest first"),
    "history.output_sessions": history(SESSIONS, session_view, "sessions", SESSION_COLUMNS),
    "history.output_sessions_schema": schema_handler(SESSIONS, "Output sessions (call detail records), newest first"),
}
