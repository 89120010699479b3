"""How the login throttle's statements are planned: a prepared statement run often settles on a generic plan made
from the statistics of the moment, and with few keys known (a gateway just started) that plan reads every key's row,
for every attempt, long after an attack has added hundreds of thousands (decision 93)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest

from common import db
from gateway.adapters.throttle import Limits, LoginThrottle
from gateway.bootstrap import MIGRATIONS
from tests.support.plans import prepared_plans
from tests.support.scratch import migrated_schema

RUNS = 12  # more than the five custom plans Postgres tries before it compares a generic one


@pytest.fixture
async def schema(pool: asyncpg.Pool, database_url: str) -> AsyncIterator[str]:
    async with migrated_schema(pool, database_url, "gateway", MIGRATIONS) as name:
        yield name


async def test_the_throttles_statements_are_planned_for_their_keys_however_often_they_run(
    pool: asyncpg.Pool, schema: str, database_url: str
) -> None:
    await pool.execute(f"""INSERT INTO {schema}.login_failures (key, window_start, failures)
                           SELECT 'address:10.0.0.' || n, now(), 0 FROM generate_series(1, 3) n""")  # fmt: skip
    await pool.execute(f"ANALYZE {schema}.login_failures")
    one = await db.create_pool(database_url, max_size=1)  # every statement on one connection: its plans counted
    try:
        throttle = LoginThrottle(one, schema, 900, Limits(RUNS + 1, RUNS + 1, RUNS + 1))
        keys = throttle.keys("someone@example.com", "10.0.0.1")
        for _ in range(RUNS):
            assert await throttle.claim(keys) is None
            await throttle.succeeded(keys)
        plans = await prepared_plans(one, f"%{schema}.login_failures%")
    finally:
        await one.close()
    assert sorted((p["generic_plans"], p["custom_plans"]) for p in plans) == [(0, RUNS)] * 3
