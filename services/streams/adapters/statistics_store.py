"""The time series of statistics samples and the agents' live answers, in streams' schema (decision 51).

Samples are kept only for inputs and outputs streams knows live on the reporting environment (an agent cannot fill
the table with ids of its own invention), one row per endpoint and moment, and only for the retention period.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from cenv_agent.contract.messages import EndpointStatistics, Side, StatisticsReported
from common.db import CUSTOM_PLANS

COLUMNS = ("bitrate_kbps", "jitter_ms", "loss_millipercent", "rtt_ms", "dropped", "packets", "uptime_seconds",
           "connected")  # fmt: skip
TYPES = ("integer", "real", "integer", "real", "bigint", "bigint", "integer", "boolean")
TABLES: dict[Side, str] = {"input": "inputs", "output": "outputs"}
_STORE = """INSERT INTO {s}.statistics_samples (environment_id, side, endpoint_id, sampled_at, {columns})
            SELECT $1, $2, u.endpoint_id, $3, {picked}
            FROM unnest($4::text[], {arrays}) AS u(endpoint_id, {columns})
            JOIN {s}.{table} t ON t.environment_id = $1 AND t.id = u.endpoint_id AND NOT t.deleted
            ON CONFLICT DO NOTHING
            RETURNING endpoint_id"""


def _store_sql(s: str, side: Side) -> str:
    arrays = ", ".join(f"${n}::{t}[]" for n, t in enumerate(TYPES, start=5))
    picked = ", ".join(f"u.{c}" for c in COLUMNS)
    return _STORE.format(s=s, columns=", ".join(COLUMNS), picked=picked, arrays=arrays, table=TABLES[side])


async def store(conn: Any, s: str, report: StatisticsReported) -> dict[Side, dict[str, EndpointStatistics]]:
    """The report's samples of known endpoints, stored; returns those (a redelivered report: none again). ``conn`` is
    in a transaction: each statement is planned for the report's endpoints, since a plan kept from while few inputs
    and outputs were known would read them all for every report (decision 93)."""
    await conn.execute(CUSTOM_PLANS)
    stored: dict[Side, dict[str, EndpointStatistics]] = {}
    sides: dict[Side, Mapping[str, EndpointStatistics]] = {"input": report.inputs, "output": report.outputs}
    for side, samples in sides.items():
        if not samples:
            continue
        ids = sorted(samples)
        arrays = [[getattr(samples[i], column) for i in ids] for column in COLUMNS]
        rows = await conn.fetch(_store_sql(s, side), report.environment_id, side, report.sampled_at, ids, *arrays)
        stored[side] = {row["endpoint_id"]: samples[row["endpoint_id"]] for row in rows}
    return stored


async def record_answer(conn: Any, s: str, report: StatisticsReported) -> None:
    """A live answer (``request_id``): its one sample, or none when the agent holds no such endpoint."""
    found = next(iter([*report.inputs.values(), *report.outputs.values()]), None)
    await conn.execute(
        f"""INSERT INTO {s}.statistics_answers (request_id, environment_id, sampled_at, sample)
            VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT DO NOTHING""",
        report.request_id, report.environment_id, report.sampled_at, None if found is None else found.model_dump_json(),
    )  # fmt: skip


async def answer(pool: Any, s: str, request_id: uuid.UUID) -> tuple[bool, datetime | None, dict[str, Any] | None]:
    """(answered, when sampled, the sample or None when the agent holds no such endpoint)."""
    row = await pool.fetchrow(f"SELECT sampled_at, sample FROM {s}.statistics_answers WHERE request_id = $1",
                              request_id)  # fmt: skip
    if row is None:
        return False, None, None
    return (
        True,
        row["sampled_at"],
        None if row["sample"] is None else EndpointStatistics.model_validate_json(row["sample"]).model_dump(),
    )


async def latest(
    pool: Any, s: str, environment_id: uuid.UUID, side: Side, endpoint_id: str
) -> tuple[datetime | None, dict[str, Any] | None]:
    row = await pool.fetchrow(
        f"""SELECT * FROM {s}.statistics_samples WHERE environment_id = $1 AND side = $2 AND endpoint_id = $3
            ORDER BY sampled_at DESC LIMIT 1""",
        environment_id, side, endpoint_id,
    )  # fmt: skip
    return (None, None) if row is None else (row["sampled_at"], {c: row[c] for c in COLUMNS})


async def prune(pool: Any, s: str, retention_seconds: float, answers_seconds: float, batch: int = 10_000) -> int:
    """Samples older than the retention go, a batch at a time (short transactions); so do old live answers."""
    removed = 0
    while True:
        deleted = await pool.fetchval(
            f"""WITH gone AS (DELETE FROM {s}.statistics_samples WHERE ctid = ANY(ARRAY(
                    SELECT ctid FROM {s}.statistics_samples
                    WHERE sampled_at < now() - make_interval(secs => $1) LIMIT $2)) RETURNING 1)
                SELECT count(*) FROM gone""",
            retention_seconds, batch,
        )  # fmt: skip
        removed += deleted
        if deleted < batch:
            break
    await pool.execute(f"DELETE FROM {s}.statistics_answers WHERE received_at < now() - make_interval(secs => $1)",
                       answers_seconds)  # fmt: skip
    return int(removed)
