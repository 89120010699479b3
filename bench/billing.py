"""Figures 20-22: billing's consumption reports over a year of hourly lines, and the hourly consumption run, each
against a raw SQL aggregate of the same rows in the same run.

The billing service runs in this process on a database and vhost of its own, called as the gateway would (signed
principals). The reports read only projections (``consumption_lines``, ``consumption_hourly`` that sums them
per hour, and ``consumption_hourly_counts`` that counts those), so one organisation's year (``hours`` × 10 items:
5 environments, 5 outputs) is written straight into them. The run's organisations each have 5 environments
and 5 outputs running, written straight into the usage projections as observed changes would leave them; a round
closes the next hour of every one of them (their lines, credits and checkpoint, each organisation in its own
transaction), against one SQL statement summing the same hour of the same intervals. A021's baseline is the same
aggregate page (with its count) in raw SQL.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import aiohttp
from aiohttp.test_utils import TestServer

from bench.table import Figure, Target, compared, interleave, median, say, spread
from billing.adapters.organisations import PostgresOrganisations
from billing.bootstrap import spec
from billing.config import BillingSettings
from billing.context import runner
from billing.service_layer.metering import close_due
from common.http.app import create_app
from tests.support.service_under_test import ServiceUnderTest, member_of

NAMES = ("billing",)
ITEMS = 5  # environments, and as many outputs
S = "billing"
REPORT_ORGANISATION = 1


class Billing(ServiceUnderTest):
    SERVICE = "billing"


@asynccontextmanager
async def served(database_url: str, amqp_url: str) -> AsyncIterator[Billing]:
    key = secrets.token_hex(32)
    settings = BillingSettings(DATABASE_URL=database_url, AMQP_URL=amqp_url, SWITCHYARD_INTERNAL_KEY=key,
                               SWITCHYARD_METERING_SECONDS=0)  # fmt: skip
    server = TestServer(create_app(spec(settings)))
    await server.start_server()
    try:
        async with aiohttp.ClientSession() as session:
            yield Billing(server, session, key)
    finally:
        await server.close()


async def _year_of_lines(pool: Any, organisation_id: int, first: datetime, hours: int) -> None:
    await PostgresOrganisations(pool, S).created(organisation_id)
    await pool.execute(
        f"""INSERT INTO {S}.consumption_lines (stream_id, version, organisation_id, hour, usage_hour, kind, item,
                environment_id, instance_type, currency, seconds, amount, output_id, bitrate)
            SELECT 'consumption-' || $1::int || '-' || h, i, $1::int, $2::timestamptz + make_interval(hours => h),
                   $2::timestamptz + make_interval(hours => h), 'usage',
                   CASE WHEN i < {ITEMS} THEN 'environment_hours' ELSE 'output_hours' END,
                   md5($1::int::text || (i % {ITEMS})::text)::uuid, CASE WHEN i < {ITEMS} THEN 'c5.large' END, 'usd',
                   3600, CASE WHEN i < {ITEMS} THEN 0.45 ELSE 0.30 END,
                   CASE WHEN i >= {ITEMS} THEN 'out-' || i END, CASE WHEN i >= {ITEMS} THEN 10 END
            FROM generate_series(0, $3::int - 1) AS h, generate_series(0, {2 * ITEMS} - 1) AS i""",
        organisation_id, first, hours,
    )  # fmt: skip
    await pool.execute(
        f"""INSERT INTO {S}.consumption_hourly
            SELECT organisation_id, currency, usage_hour, item, environment_id, coalesce(instance_type, ''),
                   sum(seconds), sum(amount)
            FROM {S}.consumption_lines WHERE organisation_id = $1 GROUP BY 1, 2, 3, 4, 5, 6""",
        organisation_id,
    )  # fmt: skip
    await pool.execute(
        f"""INSERT INTO {S}.consumption_hourly_counts SELECT organisation_id, currency, hour, count(*)
            FROM {S}.consumption_hourly WHERE organisation_id = $1 GROUP BY 1, 2, 3""",
        organisation_id,
    )  # fmt: skip


async def _running_organisations(pool: Any, count: int, since: datetime) -> None:
    """``count`` organisations, each with environments and outputs running since ``since``, closed up to then."""
    organisations = list(range(1000, 1000 + count))
    for organisation_id in organisations:
        await PostgresOrganisations(pool, S).created(organisation_id)
    each = f"""FROM (SELECT o, md5('env' || o || '-' || i)::uuid AS e
                     FROM unnest($1::int[]) o, generate_series(0, {ITEMS} - 1) i) x WHERE $2::timestamptz IS NOT NULL"""
    for insert in (
        f"INSERT INTO {S}.metered_environments SELECT e, o, 'c5.large' {each}",
        f"INSERT INTO {S}.environment_changes SELECT e, $2, 'provisioning', 'running' {each}",
        f"INSERT INTO {S}.usage_intervals SELECT e, $2, NULL {each}",
        f"INSERT INTO {S}.metered_endpoints SELECT e, 'out', o {each}",
        f"INSERT INTO {S}.endpoint_changes SELECT e, 'out', $2, true, 10 {each}",
        f"INSERT INTO {S}.endpoint_intervals SELECT e, 'out', $2, NULL, 10 {each}",
        f"INSERT INTO {S}.closed_hours SELECT o, $2::timestamptz - interval '1 hour' FROM unnest($1::int[]) o",
    ):
        await pool.execute(insert, organisations, since)


# the same hour of the same intervals, priced, summed by organisation and item in one statement
RAW_HOUR = f"""
    SELECT m.organisation_id, i.environment_id, NULL AS output_id,
           round(sum(extract(epoch FROM least(coalesce(i.ended_at, $2), $2) - greatest(i.started_at, $1)))
                 * 0.45 / 3600, 2) AS amount
    FROM {S}.usage_intervals i JOIN {S}.metered_environments m USING (environment_id)
    WHERE i.started_at < $2 AND (i.ended_at IS NULL OR i.ended_at > $1) GROUP BY 1, 2
    UNION ALL
    SELECT m.organisation_id, o.environment_id, o.endpoint_id,
           round(sum(extract(epoch FROM least(coalesce(o.ended_at, $2), $2) - greatest(o.started_at, $1)))
                 * 0.30 / 3600, 2)
    FROM {S}.endpoint_intervals o JOIN {S}.metered_endpoints m USING (environment_id, endpoint_id)
    WHERE o.started_at < $2 AND (o.ended_at IS NULL OR o.ended_at > $1) GROUP BY 1, 2, 3"""


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _latency_figures(title: str, baseline: list[float], measured: list[float], p50: float, p99: float) -> list[Figure]:
    found = []
    for name, share, at_most in (("p50", 0.5, p50), ("p99", 0.99, p99)):
        b, m = _percentile(baseline, share), _percentile(measured, share)
        found.append(Figure(f"{title} {name}, vs raw SQL", "ms", b, m, m / b, Target(at_most=at_most)))
    return found


def _timed(call: Callable[[], Awaitable[None]]) -> Callable[[], Awaitable[float]]:
    async def milliseconds() -> float:
        started = time.perf_counter()
        await call()
        return (time.perf_counter() - started) * 1000

    return milliseconds


async def figures(database_url: str, amqp_url: str, hours: int, requests: int, organisations: int,
                  rounds: int) -> list[Figure]:  # fmt: skip
    async with served(database_url, amqp_url) as billing:
        pool = billing.runtime.pool
        now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
        first = now - timedelta(hours=hours)
        await _year_of_lines(pool, REPORT_ORGANISATION, first, hours)
        await pool.execute(
            f"ANALYZE {S}.consumption_lines; ANALYZE {S}.consumption_hourly; ANALYZE {S}.consumption_hourly_counts"
        )
        member = member_of(REPORT_ORGANISATION)
        period = f"start_date={first.date():%Y-%m-%d}&end_date={date.today():%Y-%m-%d}"

        async def report() -> None:
            (await billing.call(member, "GET", f"/api/consumption_report?{period}")).ok()

        async def hourly() -> None:
            (await billing.call(member, "GET", f"/api/consumption_report/hourly?{period}&items_per_page=500")).ok()

        async def raw_report() -> None:
            await pool.fetch(
                f"""SELECT item, instance_type, bitrate, sum(seconds), sum(amount) FROM {S}.consumption_lines
                    WHERE organisation_id = $1 AND currency = 'usd' AND usage_hour >= $2 AND usage_hour < $3
                    GROUP BY 1, 2, 3""",
                REPORT_ORGANISATION, first, now + timedelta(days=1),
            )  # fmt: skip

        async def raw_hourly() -> None:
            rows = f"""FROM {S}.consumption_lines WHERE organisation_id = $1 AND currency = 'usd'
                       AND usage_hour >= $2 AND usage_hour < $3 GROUP BY usage_hour, item, environment_id"""
            args = REPORT_ORGANISATION, first, now + timedelta(days=1)
            await pool.fetchval(f"SELECT count(*) FROM (SELECT 1 {rows}) g", *args)
            await pool.fetch(f"""SELECT usage_hour, item, environment_id, sum(seconds), sum(amount) {rows}
                                 ORDER BY usage_hour, item, environment_id LIMIT 500""", *args)  # fmt: skip

        lines = hours * 2 * ITEMS
        for call in (report, hourly, raw_report, raw_hourly):  # warm up
            await call()
        contenders = {"A020": report, "A021": hourly, "sql": raw_report, "sql page": raw_hourly}
        latency = await interleave({name: _timed(call) for name, call in contenders.items()}, requests)
        for name, values in latency.items():
            say(f"{name} over {lines:,} lines: p50 {_percentile(values, 0.5):.1f} ms, "
                f"p99 {_percentile(values, 0.99):.1f} ms")  # fmt: skip

        start = now - timedelta(hours=rounds + 2)
        await _running_organisations(pool, organisations, start)
        await pool.execute(f"ANALYZE {S}.usage_intervals; ANALYZE {S}.endpoint_intervals")
        run, hour = runner(billing.runtime), [start]

        async def close_next() -> float:
            started = time.perf_counter()
            closed = await close_due(run, pool, S, hour[0] + timedelta(hours=1))
            elapsed = time.perf_counter() - started
            if closed != organisations:
                raise RuntimeError(f"closed {closed} hours of {organisations} organisations")
            hour[0] += timedelta(hours=1)
            return elapsed

        async def raw_run() -> float:
            started = time.perf_counter()
            rows = await pool.fetch(RAW_HOUR, hour[0], hour[0] + timedelta(hours=1))
            if len({r["organisation_id"] for r in rows}) != organisations:
                raise RuntimeError("the raw aggregate missed organisations")
            return time.perf_counter() - started

        seconds = await interleave({"close_due": close_next, "sql": raw_run}, rounds)
        for name, values in seconds.items():
            say(f"an hour of {organisations} organisations × {2 * ITEMS} items closed, {name}: {spread(values, 's')}, "
                f"{organisations / median(values):,.0f} organisations/s")  # fmt: skip

    return [
        *_latency_figures(f"A020 report, {lines:,} lines", latency["sql"], latency["A020"], 250, 1000),
        *_latency_figures("A021 hourly page of 500", latency["sql page"], latency["A021"], 100, 500),
        # the run must keep up with the clock with room to spare: an hour of every organisation within a minute
        compared(f"an hour closed for {organisations} organisations × {2 * ITEMS} items, vs SQL", "s", seconds["sql"],
                 seconds["close_due"], Target(at_most=60)),
    ]  # fmt: skip
