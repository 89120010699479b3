"""How the hourly run's reads are planned: a prepared statement run often settles on a generic plan made from the
statistics of the moment, and with few intervals and lines kept (a service just started) that plan reads them all,
for every organisation, long after they have grown (decision 93)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from billing.adapters.projections import PROJECTIONS
from billing.service_layer.metering import close_next_hour
from common import db
from common.contracts import envelope_for
from common.eventstore.postgres import PostgresEventStore
from common.unit_of_work import PostgresRunner
from environments.contract.events import EnvironmentRequested, EnvironmentStateChanged
from tests.integration.billing.conftest import BillingUnderTest
from tests.support.plans import prepared_plans
from tests.support.waiting import eventually

T = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=30)
HOURS = 12  # more than the five custom plans Postgres tries before it compares a generic one


async def test_the_hourly_runs_reads_are_planned_for_each_organisation_however_often_they_run(
    billing: BillingUnderTest, database_url: str
) -> None:
    organisation_id = await billing.known_organisation()
    scope = {"organisation_id": organisation_id, "environment_id": uuid.uuid4()}
    requested = EnvironmentRequested(**scope, name="studio", cloud_provider="aws", region="eu-west-1",
                                     instance_type="c5.large")  # fmt: skip
    running = EnvironmentStateChanged(**scope, previous_state="provisioning", state="running")
    for message, when in ((requested, T - timedelta(minutes=6)), (running, T)):
        await billing.deliver(message, envelope_for(message, producer="environments", correlation_id="plans",
                                                    occurred_at=when))  # fmt: skip

    async def seen() -> None:
        sql = "SELECT count(*) FROM billing.usage_intervals WHERE environment_id = $1"
        assert await billing.runtime.pool.fetchval(sql, scope["environment_id"]) == 1

    await eventually(seen, within=10)
    await billing.runtime.pool.execute("ANALYZE billing.usage_intervals, billing.consumption_lines")
    one = await db.create_pool(database_url, max_size=1)  # every statement on one connection: its plans counted
    try:
        run = PostgresRunner(PostgresEventStore(one, "billing"), PROJECTIONS)
        for hour in range(HOURS):
            closed = await close_next_hour(run, organisation_id, T + timedelta(hours=HOURS + 1))
            assert closed == (T + timedelta(hours=hour), True)
        plans = await prepared_plans(one, "%billing.%")
    finally:
        await one.close()
    assert max(p["custom_plans"] for p in plans) >= HOURS  # the run's reads: once an hour on this connection
    assert [(p["statement"][:70], p["generic_plans"]) for p in plans if p["generic_plans"]] == []
