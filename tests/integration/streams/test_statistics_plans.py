"""How a statistics report is stored: its samples are kept only for the environment's known inputs and outputs,
joined from the reported ids; a prepared statement run often settles on a generic plan made from the statistics of
the moment, and with few endpoints known (a service just started) that plan reads every input for every report,
long after thousands are known (decision 93)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from cenv_agent.contract.messages import EndpointStatistics, StatisticsReported
from common import db
from streams.adapters import statistics_store
from streams.bootstrap import MIGRATIONS
from tests.support.plans import prepared_plans
from tests.support.scratch import migrated_schema

T0 = datetime(2026, 6, 1, tzinfo=UTC)
REPORTS = 12  # more than the five custom plans Postgres tries before it compares a generic one
SAMPLE = EndpointStatistics(bitrate_kbps=5000, jitter_ms=1.5, loss_millipercent=0, rtt_ms=20.0, dropped=0,
                            packets=10, uptime_seconds=60, connected=True)  # fmt: skip


@pytest.fixture
async def schema(pool: asyncpg.Pool, database_url: str) -> AsyncIterator[str]:
    async with migrated_schema(pool, database_url, "streams", MIGRATIONS) as name:
        yield name


async def test_each_report_is_stored_with_a_plan_for_its_own_endpoints(
    pool: asyncpg.Pool, schema: str, database_url: str
) -> None:
    environment_id = uuid.uuid4()
    await pool.execute(
        f"""INSERT INTO {schema}.inputs (organisation_id, id, environment_id, input_type, input_settings, created_at,
                                         updated_at)
            SELECT 1, 'cam-' || n, $1, 'srt_listener', '{{}}', now(), now() FROM generate_series(1, 3) n""",
        environment_id,
    )
    await pool.execute(f"ANALYZE {schema}.inputs, {schema}.statistics_samples")
    one = await db.create_pool(database_url, max_size=1)  # every statement on one connection: its plans counted
    try:
        for n in range(REPORTS):
            report = StatisticsReported(environment_id=environment_id, sampled_at=T0 + timedelta(seconds=5 * n),
                                        inputs={"cam-1": SAMPLE, "cam-2": SAMPLE, "unknown": SAMPLE})  # fmt: skip
            async with one.acquire() as conn, conn.transaction():
                stored = await statistics_store.store(conn, schema, report)
            assert sorted(stored["input"]) == ["cam-1", "cam-2"]
        plans = await prepared_plans(one, f"%{schema}.statistics_samples%")
    finally:
        await one.close()
    assert [(p["generic_plans"], p["custom_plans"]) for p in plans] == [(0, REPORTS)]
