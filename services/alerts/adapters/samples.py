"""The agents' statistics samples alerts are evaluated over: every input's and output's sample, kept a while."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from alerts.domain.evaluation import COLUMNS, Sample
from cenv_agent.contract.messages import StatisticsReported

FIELDS = tuple(dict.fromkeys(COLUMNS.values()))


async def store(conn: Any, s: str, report: StatisticsReported) -> None:
    """A report delivered twice stores its samples once."""
    rows = [
        (report.environment_id, side, endpoint_id, report.sampled_at, *(float(getattr(stats, f)) for f in FIELDS))
        for side, endpoints in (("input", report.inputs), ("output", report.outputs))
        for endpoint_id, stats in endpoints.items()
    ]
    await conn.executemany(
        f"""INSERT INTO {s}.samples (environment_id, side, endpoint_id, sampled_at, {", ".join(FIELDS)})
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING""",
        rows,
    )


async def window(
    conn: Any, s: str, environment_id: uuid.UUID, side: str, endpoint_id: str, start: datetime, end: datetime
) -> list[Sample]:
    rows = await conn.fetch(
        f"""SELECT sampled_at, {", ".join(FIELDS)} FROM {s}.samples
            WHERE environment_id = $1 AND side = $2 AND endpoint_id = $3 AND sampled_at > $4 AND sampled_at <= $5
            ORDER BY sampled_at""",
        environment_id, side, endpoint_id, start, end,
    )  # fmt: skip
    return [(row["sampled_at"], {field: row[field] for field in FIELDS}) for row in rows]


async def prune(pool: Any, s: str, kept_seconds: float) -> None:
    await pool.execute(f"DELETE FROM {s}.samples WHERE sampled_at < now() - make_interval(secs => $1)", kept_seconds)
