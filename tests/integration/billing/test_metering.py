"""Metering end to end within billing: environments' events over RabbitMQ become running intervals; the hourly
run, on an injected clock, closes every missed hour once, prices by the version in force (custom over default),
draws credits, and turns a late stop into an adjustment of the hour it touched."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from billing.context import runner
from billing.service_layer.metering import close_due
from common.contracts import Envelope, Message, envelope_for
from environments.contract.events import EnvironmentRequested, EnvironmentStateChanged
from tests.integration.billing.conftest import BillingUnderTest, staff
from tests.support.waiting import eventually

NOW = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
T = NOW + timedelta(days=2)  # custom prices may not start in the past, so the metered hours are in the future


def at(hours: float) -> datetime:
    return T + timedelta(hours=hours)


def sent(message: Message, when: datetime) -> Envelope:
    return envelope_for(message, producer="environments", correlation_id="metering-test", occurred_at=when)


async def test_hours_are_closed_once_priced_by_version_with_credits_drawn_and_a_late_stop_adjusted(
    billing: BillingUnderTest,
) -> None:
    organisation_id, environment_id = await billing.known_organisation(), uuid.uuid4()
    staff_user, scope = staff(is_superuser=True), {"organisation_id": organisation_id, "environment_id": environment_id}
    await billing.call(staff_user, "POST", f"/api/organisations/{organisation_id}/credits", {"amount": "1.00"})
    custom = {
        "currency": "usd",
        "item": "environment_hours",
        "instance_type": "c5.large",
        "amount": "0.30",
        "valid_from": at(1).isoformat(),
    }
    assert (await billing.call(staff_user, "PUT", f"/api/organisations/{organisation_id}/pricing", custom)).status < 300

    def change(previous: str, state: str, hours: float) -> tuple[Message, Envelope]:
        message = EnvironmentStateChanged(**scope, previous_state=previous, state=state)
        return message, sent(message, at(hours))

    requested = EnvironmentRequested(**scope, name="studio", cloud_provider="aws", region="eu-west-1",
                                     instance_type="c5.large")  # fmt: skip
    running = change("provisioning", "running", 0.25)
    for message, envelope in [(requested, sent(requested, at(-0.1))), running]:
        await billing.deliver(message, envelope)
    await _observed(billing, environment_id, 1)

    run = runner(billing.runtime)
    # two replicas at once close hours T and T+1, each once; other tests' organisations share this service, so
    # what counts is this organisation's hours, not what the runs closed in all
    await asyncio.gather(*(close_due(run, billing.runtime.pool, "billing", at(2)) for _ in range(2)))
    assert await _events(billing, organisation_id, "HourClosed") == 2
    # T: 45 min at the default 0.45 = 0.3375 → 0.34; T+1: 60 min at the custom 0.30
    assert await _lines(billing, organisation_id) == [(at(0), at(0), "usage", 2700, "0.34"),
                                                      (at(1), at(1), "usage", 3600, "0.30")]  # fmt: skip

    # the stop of T+1 arrives after the start that follows it, and after T+1 was closed
    later = [change("stopped", "starting", 2), change("starting", "running", 2 + 1 / 6),
             change("running", "stopping", 1.5), change("stopping", "stopped", 1.75)]  # fmt: skip
    for message, envelope in later:
        await billing.deliver(message, envelope)
    await billing.deliver(*later[-1])  # redelivered: the inbox keeps it once
    await _observed(billing, environment_id, 5)
    await close_due(run, billing.runtime.pool, "billing", at(3))
    assert await _events(billing, organisation_id, "HourClosed") == 3
    await close_due(run, billing.runtime.pool, "billing", at(3))
    assert await _events(billing, organisation_id, "HourClosed") == 3, "a rerun closes nothing again"
    # T+1 should have been 45 min at 0.30 = 0.225 → 0.23: adjusted by -0.07 in the run that closed T+2
    assert (await _lines(billing, organisation_id))[2:] == [(at(2), at(1), "adjustment", -900, "-0.07"),
                                                            (at(2), at(2), "usage", 3000, "0.25")]  # fmt: skip
    assert await _total(billing, organisation_id) == Decimal("0.82")
    assert await _drawn(billing, organisation_id) == Decimal("0.82")

    # the same change again under a new message id changes nothing; downtime: T+3 and T+4 caught up
    message, envelope = change("stopping", "stopped", 1.75)
    await billing.deliver(message, envelope)
    await close_due(run, billing.runtime.pool, "billing", at(5) + timedelta(minutes=59))
    assert [line[1] for line in await _lines(billing, organisation_id)][4:] == [at(3), at(4)]
    assert await _total(billing, organisation_id) == Decimal("1.42")
    assert await _drawn(billing, organisation_id) == Decimal("1.00")
    assert await _events(billing, organisation_id, "CreditsRanOut") == 1
    assert await _events(billing, organisation_id, "HourClosed") == 5


async def _observed(billing: BillingUnderTest, environment_id: uuid.UUID, changes: int) -> None:
    async def seen() -> None:
        sql = "SELECT count(*) FROM billing.environment_changes WHERE environment_id = $1"
        assert await billing.runtime.pool.fetchval(sql, environment_id) == changes

    await eventually(seen, within=10)
    await asyncio.sleep(0.3)  # a redelivery, if any, has had its chance to count twice


async def _lines(billing: BillingUnderTest, organisation_id: int) -> list[tuple[datetime, datetime, str, int, str]]:
    rows = await billing.runtime.pool.fetch(
        """SELECT hour, usage_hour, kind, seconds, amount FROM billing.consumption_lines WHERE organisation_id = $1
           ORDER BY hour, usage_hour""",
        organisation_id,
    )
    return [(r["hour"], r["usage_hour"], r["kind"], int(r["seconds"]), str(r["amount"])) for r in rows]


async def _total(billing: BillingUnderTest, organisation_id: int) -> Decimal:
    sql = "SELECT sum(amount) FROM billing.consumption_lines WHERE organisation_id = $1"
    return Decimal(await billing.runtime.pool.fetchval(sql, organisation_id))


async def _drawn(billing: BillingUnderTest, organisation_id: int) -> Decimal:
    sql = "SELECT sum(drawn) FROM billing.credits WHERE organisation_id = $1"
    return Decimal(await billing.runtime.pool.fetchval(sql, organisation_id))


async def _events(billing: BillingUnderTest, organisation_id: int, kind: str) -> int:
    sql = "SELECT count(*) FROM billing.events WHERE stream_id LIKE $1 AND type = $2"
    return int(await billing.runtime.pool.fetchval(sql, f"consumption-{organisation_id}-%", kind))
