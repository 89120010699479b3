"""Output sessions for the history API (P09), as the environments' agents report them (``cenv.OutputSessionEnded``):
each period an output was fed for a schedule, with why it stopped and the media streams it carried. A session
belongs to its schedule's organisation; only the newest ``keep`` of each organisation stay
(``SchedulerSettings.history_keep``, as for schedule runs), the oldest evicted.

Why it stopped is the agent's word made precise by what the scheduler knows: an entry withdrawn from the set was
deleted, disconnected by a command (P10), ended early by an update, or moved away (another change)."""

from __future__ import annotations

from typing import Any

from cenv_agent.contract.schedules import OutputSessionEnded, SessionStream
from common.logging import get_logger

log = get_logger(__name__)
STREAM_COLUMNS = tuple(SessionStream.model_fields)  # session_media_streams holds one column per field


async def record(conn: Any, schema: str, session: OutputSessionEnded, keep: int) -> bool:
    """Records the session once (a report sent or delivered again adds nothing); returns whether it was new."""
    s = schema
    owner = await conn.fetchrow(
        f"""SELECT organisation_id, deleted, disconnected, end_time FROM {s}.schedules
            WHERE id = $1 AND environment_id = $2""",
        session.schedule_id, session.environment_id,
    )  # fmt: skip
    if owner is None:
        log.warning("output_session_of_unknown_schedule", schedule_id=str(session.schedule_id),
                    environment_id=str(session.environment_id))  # fmt: skip
        return False
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
