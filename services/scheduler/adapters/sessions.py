"""Output sessions for the history API (P09), as the environments' agents report them (``cenv.OutputSessionEnded``):
each period an output was fed for a schedule, with why it stopped and the media streams it carried. A session
belongs to its schedule's organisation; only the newest ``keep`` of each organisation stay
(``SchedulerSettings.history_keep``, as for schedule runs), the oldest evicted.

Why it stopped is the agent's word made precise by what the scheduler knows: an entry withdrawn from the set was
deleted, disconnected by a command (P10), ended early by an update, or moved away (another change).

The agent announces each session as it starts (``cenv.OutputSessionStarted``); one whose end never comes is ended by
the scheduler (decision 88): ``disconnected`` when the agent reports again under another boot (the process that ran
it is gone), ``environment_stopped`` when the environment stops, at that moment (not after its schedule's end). The
agent's own report, should it come after all (it was overtaken, or the agent outlived the stop), replaces that row:
each session is one row, and the agent's word wins."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from cenv_agent.contract.schedules import OutputSessionEnded, OutputSessionStarted, SessionStream
from common.logging import get_logger

log = get_logger(__name__)
STREAM_COLUMNS = tuple(SessionStream.model_fields)  # session_media_streams holds one column per field


async def _owner(conn: Any, schema: str, session: OutputSessionStarted | OutputSessionEnded) -> Any:
    owner = await conn.fetchrow(
        f"""SELECT organisation_id, deleted, disconnected, end_time FROM {schema}.schedules
            WHERE id = $1 AND environment_id = $2""",
        session.schedule_id, session.environment_id,
    )  # fmt: skip
    if owner is None:
        log.warning("output_session_of_unknown_schedule", schedule_id=str(session.schedule_id),
                    environment_id=str(session.environment_id))  # fmt: skip
    return owner


async def opened(conn: Any, schema: str, session: OutputSessionStarted) -> bool:
    """Notes the session open, unless it is recorded already (its end came first); returns whether it was new."""
    s, owner = schema, await _owner(conn, schema, session)
    if owner is None:
        return False
    added = await conn.fetchval(
        f"""INSERT INTO {s}.open_output_sessions (id, organisation_id, environment_id, boot_id, schedule_id, input_id,
                output_id, start_time)
            SELECT $1, $2, $3, $4, $5, $6, $7, $8
            WHERE NOT EXISTS (SELECT FROM {s}.output_sessions WHERE id = $1)
            ON CONFLICT (id) DO NOTHING RETURNING id""",
        session.session_id, owner["organisation_id"], session.environment_id, session.boot_id, session.schedule_id,
        session.input_id, session.output_id, session.start_time,
    )  # fmt: skip
    return added is not None


async def record(conn: Any, schema: str, session: OutputSessionEnded, keep: int) -> bool:
    """Records the session once (a report sent or delivered again adds nothing; one the scheduler ended is
    replaced); returns whether it was new."""
    s, owner = schema, await _owner(conn, schema, session)
    if owner is None:
        return False
    await conn.execute(f"DELETE FROM {s}.open_output_sessions WHERE id = $1", session.session_id)
    await conn.execute(f"DELETE FROM {s}.output_sessions WHERE id = $1 AND ended_by_scheduler", session.session_id)
    added = await conn.fetchval(
        f"""INSERT INTO {s}.output_sessions (id, organisation_id, environment_id, schedule_id, input_id, output_id,
                start_time, end_time, duration_seconds, disconnect_reason)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING RETURNING id""",
        session.session_id, owner["organisation_id"], session.environment_id, session.schedule_id, session.input_id,
        session.output_id, session.start_time, session.end_time,
        max(0.0, (session.end_time - session.start_time).total_seconds()), disconnect_reason(session, owner),
    )  # fmt: skip
    if added is None:
        return False
    await conn.executemany(
        f"""INSERT INTO {s}.session_media_streams (session_id, position, {", ".join(STREAM_COLUMNS)})
            VALUES ($1, $2, {", ".join(f"${n}" for n in range(3, 3 + len(STREAM_COLUMNS)))})""",
        [(session.session_id, n, *(getattr(stream, c) for c in STREAM_COLUMNS))
         for n, stream in enumerate(session.media_streams)],
    )  # fmt: skip
    await evict(conn, schema, owner["organisation_id"], keep)
    return True


async def end_open(
    conn: Any, schema: str, environment_id: uuid.UUID, at: datetime, reason: str, keep: int,
    running_boot: uuid.UUID | None = None,
) -> int:  # fmt: skip
    """Ends the environment's sessions still open that started before ``at`` (except those of ``running_boot``, the
    process that is alive): at ``at``, or at their schedule's end if that came first; returns how many."""
    s = schema
    ended = await conn.fetch(
        f"""WITH gone AS (
                DELETE FROM {s}.open_output_sessions WHERE environment_id = $1 AND start_time <= $2
                    AND boot_id IS DISTINCT FROM $3 RETURNING *)
            INSERT INTO {s}.output_sessions (id, organisation_id, environment_id, schedule_id, input_id, output_id,
                start_time, end_time, duration_seconds, disconnect_reason, ended_by_scheduler)
            SELECT gone.id, gone.organisation_id, gone.environment_id, gone.schedule_id, gone.input_id,
                   gone.output_id, gone.start_time, stop, extract(epoch FROM stop - gone.start_time), $4, true
            FROM gone LEFT JOIN {s}.schedules ON schedules.id = gone.schedule_id,
                 LATERAL (SELECT GREATEST(gone.start_time, LEAST($2, coalesce(schedules.end_time, $2))) AS stop) AS e
            ON CONFLICT (id) DO NOTHING RETURNING organisation_id""",
        environment_id, at, running_boot, reason,
    )  # fmt: skip
    for organisation_id in sorted({row["organisation_id"] for row in ended}):
        await evict(conn, schema, organisation_id, keep)
    return len(ended)


def disconnect_reason(session: OutputSessionEnded, schedule: Any) -> str:
    match session.reason:
        case "media_stopped":
            return "environment_stopped"
        case "ended":
            return "ended"
    if schedule["deleted"]:
        return "deleted"
    if schedule["disconnected"]:
        return "disconnected"
    return "ended" if schedule["end_time"] <= session.end_time else "withdrawn"


async def evict(conn: Any, schema: str, organisation_id: int, keep: int) -> None:
    """Only the organisation's newest ``keep`` sessions stay: those ordered after the ``keep``-th go (an index walk
    of ``keep`` entries, not a sort of them all)."""
    await conn.execute(
        f"""DELETE FROM {schema}.output_sessions WHERE organisation_id = $1 AND (end_time, id) <= (
                SELECT end_time, id FROM {schema}.output_sessions WHERE organisation_id = $1
                ORDER BY end_time DESC, id DESC OFFSET $2 LIMIT 1)""",
        organisation_id, keep,
    )  # fmt: skip
