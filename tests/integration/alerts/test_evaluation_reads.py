"""The evaluator's batched read of window averages (one query for many alerts) against the naive one (each alert's
window read on its own and averaged in Python, as ``evaluation.evaluate`` does): the same value for every alert,
so a batch raises and clears exactly the alerts checked one by one would (property, hypothesis, on Postgres); and
how those reads are planned."""

from __future__ import annotations

import math
import uuid
from datetime import UTC, datetime, timedelta

import asyncpg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alerts.adapters import evaluation_reads, samples
from alerts.contract.rules import seconds
from alerts.domain.alerts import Alert
from alerts.domain.evaluation import COLUMNS, average
from alerts.domain.rules import Rule
from cenv_agent.contract.messages import EndpointStatistics, StatisticsReported
from common import db
from tests.support.plans import prepared_plans

T0 = datetime(2026, 6, 1, tzinfo=UTC)
ENDPOINTS = [("input", "cam-1"), ("input", "cam-2"), ("output", "cam-1")]  # one id on both sides: told apart
WINDOWS = ["10s", "1m", "5m", "1h"]


def _stats(value: int) -> EndpointStatistics:
    return EndpointStatistics(bitrate_kbps=value, jitter_ms=value / 4, loss_millipercent=value % 100_001,
                              rtt_ms=value / 8, dropped=value // 3, packets=10, uptime_seconds=60,
                              connected=value % 2 == 0)  # fmt: skip


EDGES = [-3600, -300, -60, -10, 0, 1]  # a window's bounds when checked at T0
INSTANTS = st.one_of(st.sampled_from(EDGES), st.integers(-4000, 30))
SAMPLES = st.dictionaries(st.tuples(st.sampled_from(range(len(ENDPOINTS))), INSTANTS), st.integers(0, 100_000),
                          max_size=40)  # fmt: skip
ALERTS = st.lists(st.tuples(st.integers(0, 1), st.sampled_from(range(len(ENDPOINTS))), st.sampled_from(sorted(COLUMNS)),
                            st.sampled_from(WINDOWS)), min_size=1, max_size=12)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stored=SAMPLES, checked=ALERTS, now_at=st.one_of(st.just(0), st.integers(-100, 20)))
async def test_the_batched_averages_are_those_of_each_window_read_on_its_own(
    pool: asyncpg.Pool, own_schema: str, stored: dict[tuple[int, int], int],
    checked: list[tuple[int, int, str, str]], now_at: int,
) -> None:  # fmt: skip
    environments, now = [uuid.uuid4(), uuid.uuid4()], T0 + timedelta(seconds=now_at)
    for (endpoint, at), value in stored.items():
        side, endpoint_id = ENDPOINTS[endpoint]
        for environment_id in environments[: 1 + value % 2]:  # the other environment holds some of the same
            await samples.store(pool, own_schema, StatisticsReported(
                environment_id=environment_id, sampled_at=T0 + timedelta(seconds=at),
                **{f"{side}s": {endpoint_id: _stats(value)}}))  # fmt: skip
    held = [Alert(True, alert_id=uuid.uuid4(), environment_id=environments[e], side=ENDPOINTS[n][0],
                  endpoint_id=ENDPOINTS[n][1], rule=Rule(metric, "gt", (1.0,), window, "10s", None, "5m"))
            for e, n, metric, window in checked]  # fmt: skip

    batched = await evaluation_reads.averages(pool, own_schema, held, now)

    one_by_one = []
    for a in held:
        assert a.rule is not None and a.environment_id is not None
        window = seconds(a.rule.query_time_range) or 0
        read = await samples.window(pool, own_schema, a.environment_id, a.side, a.endpoint_id,
                                    now - timedelta(seconds=window), now)  # fmt: skip
        one_by_one.append(average(read, a.rule.alert_on_query, now, window))
    assert len(batched) == len(one_by_one)
    for got, expected in zip(batched, one_by_one, strict=True):
        assert (got is None) == (expected is None), (batched, one_by_one)
        assert got is None or expected is None or math.isclose(got, expected, rel_tol=1e-12, abs_tol=1e-9)


async def test_each_read_is_planned_for_its_own_values_however_often_it_runs(
    pool: asyncpg.Pool, own_schema: str, database_url: str
) -> None:
    """A prepared statement run often settles on a generic plan made from the statistics of the moment: with a few
    samples and events kept (a service just started), one that reads them all. The evaluator's reads never do."""
    environment_id = uuid.uuid4()
    for at in range(3):
        await samples.store(pool, own_schema, StatisticsReported(environment_id=environment_id,
                            sampled_at=T0 - timedelta(seconds=5 * at), inputs={"cam-1": _stats(5000)}))  # fmt: skip
    await pool.execute(f"ANALYZE {own_schema}.samples, {own_schema}.events")
    held = [Alert(True, alert_id=uuid.uuid4(), environment_id=environment_id, side="input", endpoint_id="cam-1",
                  rule=Rule("net_recv.bitrate", "lt", (1000.0,), "1m", "10s", None, "5m"))]  # fmt: skip
    one = await db.create_pool(database_url, max_size=1)  # every read on one connection: its statements' counts
    try:
        for _ in range(12):
            async with evaluation_reads.reading(one) as conn:
                await evaluation_reads.folded(conn, own_schema, [a.alert_id for a in held if a.alert_id], {})
                assert await evaluation_reads.averages(conn, own_schema, held, T0) == [5000.0]
        plans = await prepared_plans(one, "%unnest(%", f"%{own_schema}.%")
    finally:
        await one.close()
    assert [(p["generic_plans"], p["custom_plans"]) for p in plans] == [(0, 12), (0, 12)]
