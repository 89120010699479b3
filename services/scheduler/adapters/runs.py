"""Finished schedule runs for the history API (P09), recorded by a sweep from the schedules projection: a schedule
whose end has passed ran its window ("ended", or "disconnected" when a command stopped it); one deleted while it ran
stopped then ("deleted"). Only the newest
``keep`` runs of each organisation stay (``SchedulerSettings.history_keep``, as for output sessions), the oldest
evicted. The sweep remembers how far it got and looks back a
margin before it (a deletion committed late is still caught; a run seen twice is recorded once)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

MARGIN = timedelta(minutes=5)


async def record(pool: Any, schema: str, now: datetime, keep: int) -> int:
    """Records the runs that finished since the last sweep; returns how many were new."""
    s = schema
    async with pool.acquire() as conn, conn.transaction():
        swept_to = await conn.fetchval(f"SELECT swept_to FROM {s}.schedule_run_sweeps FOR UPDATE")
        since = datetime.min.replace(tzinfo=now.tzinfo) if swept_to is None else swept_to - MARGIN
        added = await conn.fetch(
            f"""INSERT INTO {s}.schedule_runs (id, organisation_id, environment_id, input_organisation_id, input_id,
                    output_id, start_time, end_time, duration_seconds, disconnect_reason, is_permanent, event_id)
                SELECT id, organisation_id, environment_id, input_organisation_id, input_id, output_id, start_time,
                       stop, extract(epoch FROM stop - start_time), reason, permanent, event_id
                FROM (SELECT *, LEAST(end_time, CASE WHEN deleted THEN updated_at END) AS stop,
                             CASE WHEN deleted AND updated_at < end_time THEN 'deleted'
                                  WHEN disconnected THEN 'disconnected' ELSE 'ended' END AS reason
                      FROM {s}.schedules
                      WHERE (end_time > $1 AND end_time <= $2) OR (deleted AND updated_at > $1)) AS finished
                WHERE stop > $1 AND stop <= $2 AND start_time < stop
                ON CONFLICT (id) DO NOTHING
                RETURNING organisation_id""",
            since, now,
        )  # fmt: skip
        await conn.execute(
            f"""INSERT INTO {s}.schedule_run_sweeps (id, swept_to) VALUES (true, $1)
                ON CONFLICT (id) DO UPDATE SET swept_to = GREATEST({s}.schedule_run_sweeps.swept_to, $1)""", now,
        )  # fmt: skip
        await evict(conn, schema, sorted({row["organisation_id"] for row in added}), keep)
    return len(added)


async def evict(conn: Any, schema: str, organisations: list[int], keep: int) -> None:
    """Only the newest ``keep`` runs of each of ``organisations`` stay."""
    await conn.execute(
        f"""DELETE FROM {schema}.schedule_runs r USING (
                SELECT id, row_number() OVER (PARTITION BY organisation_id ORDER BY end_time DESC, id) AS n
                FROM {schema}.schedule_runs WHERE organisation_id = ANY($1::integer[])) AS ranked
            WHERE r.id = ranked.id AND ranked.n > $2""",
        organisations, keep,
    )  # fmt: skip
