"""How the delivery worker's statements are planned: a prepared statement run often settles on a generic plan made
from the statistics of the moment, and with few deliveries kept (a service just started) that plan reads every
delivery ever recorded, on every poll, long after they have grown (decision 93)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import asyncpg

from alerts.adapters.delivery_log import PostgresDeliveryLog
from common import db
from tests.integration.alerts.conftest import raised_in
from tests.support.plans import prepared_plans

T0 = datetime(2026, 6, 1, tzinfo=UTC)
POLLS = 12  # more than the five custom plans Postgres tries before it compares a generic one


async def test_each_poll_is_planned_for_its_own_values_however_often_it_runs(
    pool: asyncpg.Pool, own_schema: str, database_url: str
) -> None:
    await raised_in(pool, own_schema, f"plans-{uuid.uuid4().hex[:8]}@example.com", T0)
    await pool.execute(f"ANALYZE {own_schema}.deliveries")
    one = await db.create_pool(database_url, max_size=1)  # every statement on one connection: its plans counted
    try:
        log = PostgresDeliveryLog(one, own_schema)
        for poll in range(POLLS):
            now = T0 + timedelta(seconds=poll)
            assert await log.sweep_interrupted(now) == 0
            claimed = await log.claim(now, 30, POLLS + 1)
            assert claimed is not None and await log.claim(now, 30, POLLS + 1) is None
            await log.failed(claimed.id, "refused", now, 0)  # claimed again at the next poll
        plans = await prepared_plans(one, f"%{own_schema}.deliveries%")
    finally:
        await one.close()
    assert sorted((p["generic_plans"], p["custom_plans"]) for p in plans) == [(0, POLLS), (0, POLLS), (0, 2 * POLLS)]
