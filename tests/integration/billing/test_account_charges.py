"""Consumption charged to accounts and credits crossing their lines (decision 79), end to end within billing: an
organisation billed on account is charged each hour what nothing else covers, through the payment provider outside
any transaction, once per attempt's idempotency key; a declined charge is asked again after growing pauses and,
after the last attempt, recorded and published as billing.ChargeDeclined; credits publish running low and running
out once per crossing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from billing.adapters.payments import LocalPaymentProvider
from billing.context import runner
from billing.service_layer.metering import close_due
from billing.service_layer.payments import collect_consumption
from common.bus.topology import EVENTS
from common.contracts import envelope_for
from environments.contract.events import EnvironmentRequested, EnvironmentStateChanged
from tests.integration.billing.conftest import BillingUnderTest, staff
from tests.support.bus import drain, tap
from tests.support.waiting import eventually

# in the past: default prices change only from now on, so these hours keep the seeded ones (c5.large: 0.45)
T = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=20)


def at(hours: float) -> datetime:
    return T + timedelta(hours=hours)


async def _running(billing: BillingUnderTest, organisation_id: int, since: float) -> None:
    scope = {"organisation_id": organisation_id, "environment_id": uuid.uuid4()}
    requested = EnvironmentRequested(**scope, name="studio", cloud_provider="aws", region="eu-west-1",
                                     instance_type="c5.large")  # fmt: skip
    running = EnvironmentStateChanged(**scope, previous_state="provisioning", state="running")
    for message, when in ((requested, at(since - 0.1)), (running, at(since))):
        await billing.deliver(message, envelope_for(message, producer="environments", correlation_id="charges",
                                                    occurred_at=when))  # fmt: skip

    async def seen() -> None:
        sql = "SELECT count(*) FROM billing.environment_changes WHERE environment_id = $1"
        assert await billing.runtime.pool.fetchval(sql, scope["environment_id"]) == 1

    await eventually(seen, within=10)


async def _on_account(billing: BillingUnderTest) -> int:
    organisation_id = await billing.known_organisation()
    path = f"/api/organisations/{organisation_id}/account_billing"
    (await billing.call(staff(is_accounts_user=True), "PUT", path, {})).ok()
    return organisation_id


async def _charges(billing: BillingUnderTest, organisation_id: int) -> list[tuple[datetime, str, str, int]]:
    rows = await billing.runtime.pool.fetch(
        """SELECT hour, amount, status, attempts FROM billing.consumption_charges WHERE organisation_id = $1
           ORDER BY hour""",
        organisation_id,
    )
    return [(r["hour"], str(r["amount"]), r["status"], r["attempts"]) for r in rows]


async def test_an_account_is_charged_each_hour_once_and_nothing_is_drawn_from_its_credits(
    billing: BillingUnderTest,
) -> None:
    organisation_id = await _on_account(billing)
    path = f"/api/organisations/{organisation_id}/credits"
    (await billing.call(staff(is_superuser=True), "POST", path, {"amount": "5.00"})).ok(201)
    await _running(billing, organisation_id, since=0.5)
    run = runner(billing.runtime)
    await close_due(run, billing.runtime.pool, "billing", at(2))
    await close_due(run, billing.runtime.pool, "billing", at(2))
    # T: 30 min at 0.45 = 0.225 → 0.23; T+1: 0.45
    assert await _charges(billing, organisation_id) == [(at(0), "0.23", "pending", 0), (at(1), "0.45", "pending", 0)]
    drawn = "SELECT sum(drawn) FROM billing.credits WHERE organisation_id = $1"
    assert await billing.runtime.pool.fetchval(drawn, organisation_id) == Decimal(0)

    provider, now = LocalPaymentProvider(), datetime.now(UTC)
    await collect_consumption(run, billing.runtime.pool, "billing", provider, now, limit=10_000)
    await collect_consumption(run, billing.runtime.pool, "billing", provider, now + timedelta(days=1), limit=10_000)
    assert await _charges(billing, organisation_id) == [(at(0), "0.23", "taken", 1), (at(1), "0.45", "taken", 1)]
    taken = "SELECT count(*) FROM billing.events WHERE stream_id LIKE $1 AND type = 'ChargeTaken'"
    assert await billing.runtime.pool.fetchval(taken, f"consumption-charge-{organisation_id}-%") == 2

    # back on credits: they pay the next hour only, never what the account already paid
    switch = f"/api/organisations/{organisation_id}/account_billing"
    (await billing.call(staff(is_superuser=True), "PUT", switch, {"on_account": False})).ok()
    await close_due(run, billing.runtime.pool, "billing", at(3))
    assert await billing.runtime.pool.fetchval(drawn, organisation_id) == Decimal("0.45")
    assert len(await _charges(billing, organisation_id)) == 2


async def test_a_declined_charge_is_asked_again_after_growing_pauses_then_recorded_and_published(
    billing: BillingUnderTest,
) -> None:
    organisation_id = await _on_account(billing)
    await _running(billing, organisation_id, since=0)
    run, pool = runner(billing.runtime), billing.runtime.pool
    await close_due(run, pool, "billing", at(1))
    declining, now = LocalPaymentProvider(decline_above=Decimal(0)), datetime.now(UTC)
    channel = await billing.runtime.connection.channel()
    heard = await tap(channel, EVENTS, "billing.ChargeDeclined")
    try:
        for tick, attempts in [(0, 1), (0.5, 1), (1, 2), (4, 2), (5, 3), (21, 4), (100, 4)]:
            await collect_consumption(run, pool, "billing", declining, now + timedelta(hours=tick), limit=10_000)
            status = "declined" if attempts == 4 else "pending"
            assert await _charges(billing, organisation_id) == [(at(0), "0.45", status, attempts)], tick
        messages = []
        while not messages:
            messages = [m for m in await drain(heard, 1) if m["payload"]["organisation_id"] == organisation_id]
        [declined] = messages
        assert (declined["payload"]["amount"], declined["payload"]["attempts"]) == ("0.45", 4)
    finally:
        await heard.delete(if_unused=False, if_empty=False)
        await channel.close()


async def test_credits_running_low_and_out_are_told_once_per_crossing(billing: BillingUnderTest) -> None:
    organisation_id = await billing.known_organisation()
    path = f"/api/organisations/{organisation_id}/credits"
    (await billing.call(staff(is_superuser=True), "POST", path, {"amount": "1.00"})).ok(201)
    await _running(billing, organisation_id, since=0)
    run, pool = runner(billing.runtime), billing.runtime.pool

    async def told() -> tuple[int, int]:
        sql = "SELECT count(*) FROM billing.events WHERE stream_id LIKE $1 AND type = $2"
        streams = f"consumption-{organisation_id}-%"
        return await pool.fetchval(sql, streams, "CreditsRanLow"), await pool.fetchval(sql, streams, "CreditsRanOut")

    # 1.00 less 0.45 an hour: 0.55 left, then 0.10 (below a fifth: low), then none (out), then still none
    for hour, expected in [(1, (0, 0)), (2, (1, 0)), (3, (1, 1)), (4, (1, 1))]:
        await close_due(run, pool, "billing", at(hour))
        assert await told() == expected, hour
    # granted 1.00 more (2.00 in all, a fifth is 0.40): the next hours cross both lines again, once each
    (await billing.call(staff(is_superuser=True), "POST", path, {"amount": "1.00"})).ok(201)
    await close_due(run, pool, "billing", at(5))  # owed 2.25 so far: all 2.00 drawn at once, out again
    assert await told() == (1, 2)
