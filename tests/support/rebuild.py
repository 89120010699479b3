"""Comparing rebuilt projections with the live tables at a moment when the log stands still.

Services keep appending while a test runs (agents report, sweepers chase commands), so a rebuild
taken while the log moves can differ from the live tables for no fault of the projections.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import asyncpg

from common.projections import Projection, differences, rebuild_into


async def _log_end(pool: asyncpg.Pool, schema: str) -> tuple[int, int | None, bool]:
    """How many events, the newest position, and whether every committed event is below the readers' horizon."""
    row = await pool.fetchrow(
        f"""SELECT count(*) AS n, max(position) AS newest,
                   coalesce(max(txid) < pg_snapshot_xmin(pg_current_snapshot()), true) AS visible
            FROM {schema}.events"""
    )
    return row["n"], row["newest"], row["visible"]


async def drift_at_rest(
    pool: asyncpg.Pool, schema: str, target: str, projections: Sequence[Projection], attempts: int = 50
) -> dict[str, int]:
    """Rows that differ between the live tables and a rebuild made while no event was appended."""
    for _ in range(attempts):
        before = await _log_end(pool, schema)
        if before[2]:
            await rebuild_into(pool, schema, target, projections)
            drift = await differences(pool, schema, target, projections)
            await pool.execute(f"DROP SCHEMA {target} CASCADE")
            if await _log_end(pool, schema) == before:
                return drift
        await asyncio.sleep(0.2)
    raise AssertionError(f"the {schema} log never stood still long enough to compare a rebuild with it")
