"""Permanent-schedule agreements (A007, A008): bought 1–10 at a time at the A017 price in force, on credits (drawn
at once, refused beyond them) or on account; assigned and released by streams' output events and an environment's
deletion; finished once by the hourly run at expiry; each step published for the scheduler and streams."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from billing.adapters.payments import LocalPaymentProvider
from billing.context import runner
from billing.service_layer.agreements import finish_expired
from billing.service_layer.payments import collect
from common.bus.topology import EVENTS
from environments.contract.events import EnvironmentDeleted
from streams.contract.events import OutputBoundToAgreement, OutputDeleted
from tests.integration.billing.conftest import BillingUnderTest, staff
from tests.support.bus import drain, tap
from tests.support.service_under_test import member_of
from tests.support.waiting import eventually

PATH = "/api/permanent_schedule_agreements"
US_DETAILS = {
    "company_name": "Acme", "first_name": "Ada", "last_name": "Lovelace", "address_line1": "1 Main St",
    "address_city": "Springfield", "address_postal_code": "12345", "address_country_code": "US",
}  # fmt: skip


async def _credit(billing: BillingUnderTest, organisation_id: int, amount: str) -> None:
    path = f"/api/organisations/{organisation_id}/credits"
    (await billing.call(staff(is_superuser=True), "POST", path, {"amount": amount})).ok(201)


async def _drawn(billing: BillingUnderTest, organisation_id: int) -> Decimal:
    sql = "SELECT coalesce(sum(drawn), 0) FROM billing.credits WHERE organisation_id = $1"
    return Decimal(await billing.runtime.pool.fetchval(sql, organisation_id))


async def _listed(billing: BillingUnderTest, organisation_id: int, query: str = "") -> list[dict[str, Any]]:
    reply = await billing.call(member_of(organisation_id, "monitor"), "GET", f"{PATH}{query}")
    return list(reply.ok()["objects"])


async def test_agreements_are_bought_on_credits_at_the_price_in_force_and_listed(billing: BillingUnderTest) -> None:
    organisation_id = await billing.known_organisation()
    await _credit(billing, organisation_id, "200")
    operator = member_of(organisation_id, "operator")
    # the default: 15 per Mbit/s and month, 5 Mbit/s for 1 month = 75.00 each
    bought = (await billing.call(operator, "POST", PATH, {"bitrate": 5, "duration_months": 1,
                                                          "number_of_agreements": 2})).ok(201)  # fmt: skip
    assert (bought["total"], bought["currency"], bought["paid_by"]) == ("150.00", "usd", "credits")
    assert [a["price"] for a in bought["agreements"]] == ["75.00", "75.00"]
    first = bought["agreements"][0]
    purchased, expires = datetime.fromisoformat(first["purchased_at"]), datetime.fromisoformat(first["expires_at"])
    assert timedelta(days=28) <= expires - purchased <= timedelta(days=31)
    assert await _drawn(billing, organisation_id) == Decimal("150.00")
    # the one left over cannot pay for another: refused, nothing drawn
    refused = await billing.call(operator, "POST", PATH, {"bitrate": 5, "duration_months": 1})
    assert refused.status == 409, refused.body
    assert await _drawn(billing, organisation_id) == Decimal("150.00")
    listed = await _listed(billing, organisation_id, "?is_assigned=false&is_finished=false")
    assert sorted(a["id"] for a in listed) == sorted(a["id"] for a in bought["agreements"])
    assert all(not a["is_assigned"] and not a["is_finished"] for a in listed)


async def test_purchase_limits_and_callers(billing: BillingUnderTest) -> None:
    organisation_id = await billing.known_organisation()
    for body, field in (
        ({"bitrate": 5, "duration_months": 1, "number_of_agreements": 11}, "number_of_agreements"),
        ({"bitrate": 5, "duration_months": 1, "number_of_agreements": 0}, "number_of_agreements"),
        ({"bitrate": 7, "duration_months": 1}, "bitrate"),
        ({"bitrate": 5, "duration_months": 2}, "duration_months"),
        ({"duration_months": 1}, "bitrate"),
    ):
        reply = await billing.call(member_of(organisation_id), "POST", PATH, body)
        assert reply.status == 400 and field in [e["parameter"] for e in reply.body["errors"]], reply.body
    body = {"bitrate": 5, "duration_months": 1}
    assert (await billing.call(member_of(organisation_id, "monitor"), "POST", PATH, body)).status == 403
    assert (await billing.call(staff(is_accounts_admin=True), "POST", PATH, body)).status == 403
    assert (await billing.call(staff(is_superuser=True), "POST", PATH, body)).status == 409  # no managing organisation
    assert (await billing.call(staff(is_superuser=True), "GET", PATH)).status == 409


async def test_on_account_billing_the_purchase_draws_no_credits_and_is_priced_custom(billing: BillingUnderTest) -> None:
    organisation_id = await billing.known_organisation()
    admin = member_of(organisation_id, "admin")
    details = {**US_DETAILS, "switch_org_billing_to_account": True}
    (await billing.call(admin, "PUT", "/api/billing_details", details)).ok()
    custom = {"currency": "usd", "item": "permanent_schedule", "bitrate": 10, "duration_months": 12,
              "amount": "999.9999"}  # fmt: skip
    path = f"/api/organisations/{organisation_id}/pricing"
    (await billing.call(staff(is_accounts_user=True), "PUT", path, custom)).ok()
    bought = (await billing.call(admin, "POST", PATH, {"bitrate": 10, "duration_months": 12,
                                                       "number_of_agreements": 10})).ok(201)  # fmt: skip
    # 999.9999 rounds once per agreement to 1000.00 (decision 46)
    assert (bought["total"], bought["paid_by"], len(bought["agreements"])) == ("10000.00", "account", 10)
    assert await _drawn(billing, organisation_id) == Decimal(0)


async def test_outputs_assign_and_release_agreements_and_the_run_finishes_them_once(billing: BillingUnderTest) -> None:
    organisation_id, environment_id = await billing.known_organisation(), uuid.uuid4()
    await _credit(billing, organisation_id, "2000")
    channel = await billing.runtime.connection.channel()
    taps = {name: await tap(channel, EVENTS, f"billing.Agreement{name}") for name in
            ("Purchased", "Assigned", "Released", "Finished")}  # fmt: skip
    try:
        bought = (
            await billing.call(
                member_of(organisation_id),
                "POST",
                PATH,
                {"bitrate": 20, "duration_months": 3, "number_of_agreements": 2},
            )
        ).ok(201)
        one, two = (uuid.UUID(a["id"]) for a in bought["agreements"])
        published = await _about(taps["Purchased"], {one, two})
        assert {m["payload"]["agreement_id"] for m in published} == {str(one), str(two)}

        scope = {"organisation_id": organisation_id, "environment_id": environment_id}
        await billing.publish(OutputBoundToAgreement(**scope, output_id="out-1", agreement_id=one), "streams")
        await billing.publish(OutputBoundToAgreement(**scope, output_id="out-2", agreement_id=one), "streams")
        await billing.publish(OutputBoundToAgreement(**scope, output_id="out-3", agreement_id=two), "streams")
        stranger = {"organisation_id": organisation_id + 1, "environment_id": environment_id}
        await billing.publish(OutputBoundToAgreement(**stranger, output_id="out-9", agreement_id=two), "streams")
        assigned = await _about(taps["Assigned"], {one, two})
        assert {(m["payload"]["agreement_id"], m["payload"]["output_id"]) for m in assigned} == {
            (str(one), "out-1"), (str(two), "out-3")}  # fmt: skip
        assert await _assigned(billing, organisation_id) == {str(one): "out-1", str(two): "out-3"}

        # a deleted output (A102) releases its agreement; a deleted environment (A032) every one still on it
        await billing.publish(OutputDeleted(**scope, output_id="out-2", agreement_id=one), "streams")  # not its output
        await billing.publish(OutputDeleted(**scope, output_id="out-1", agreement_id=one), "streams")
        await billing.publish(EnvironmentDeleted(**scope), "environments")
        released = await _about(taps["Released"], {one, two})
        assert {m["payload"]["output_id"] for m in released} == {"out-1", "out-3"}
        await eventually(lambda: _none_assigned(billing, organisation_id), within=10)

        # the hourly run (close_due) finishes agreements through finish_expired; called alone here, so that the
        # other tests' organisations sharing this service are not closed months ahead
        run, pool = runner(billing.runtime), billing.runtime.pool
        expiry = datetime.fromisoformat(bought["agreements"][0]["expires_at"])
        await finish_expired(run, pool, "billing", expiry - timedelta(seconds=1))
        assert not any(a["is_finished"] for a in await _listed(billing, organisation_id))
        await asyncio.gather(*(finish_expired(run, pool, "billing", expiry + timedelta(hours=1)) for _ in range(2)))
        await finish_expired(run, pool, "billing", expiry + timedelta(hours=2))
        finished = await _about(taps["Finished"], {one, two})
        assert {datetime.fromisoformat(m["payload"]["finished_at"]) for m in finished} == {expiry}
        listed = await _listed(billing, organisation_id, "?is_finished=true")
        assert len(listed) == 2 and all(a["finished_at"] is not None for a in listed)
        sql = "SELECT count(*) FROM billing.events WHERE type = 'AgreementFinished' AND stream_id = ANY($1::text[])"
        streams = [f"agreement-{one}", f"agreement-{two}"]
        assert await billing.runtime.pool.fetchval(sql, streams) == 2, "finished once however often the run runs"
        # a finished agreement cannot be assigned
        await billing.publish(OutputBoundToAgreement(**scope, output_id="out-4", agreement_id=one), "streams")
        await billing.publish(OutputBoundToAgreement(**scope, output_id="out-5", agreement_id=two), "streams")
        await billing.publish(OutputDeleted(**scope, output_id="out-5", agreement_id=two), "streams")
        await asyncio.sleep(1)  # the queue is consumed in order: had either been assigned, it would be by now
        assert not [m for m in await _drained(taps["Assigned"]) if m["payload"]["agreement_id"] in {str(one), str(two)}]
    finally:
        for queue in taps.values():
            await queue.delete(if_unused=False, if_empty=False)
        await channel.close()


async def _assigned(billing: BillingUnderTest, organisation_id: int) -> dict[str, str]:
    async def found() -> dict[str, str]:
        rows = await _listed(billing, organisation_id, "?is_assigned=true")
        return {a["id"]: a["output_id"] for a in rows}

    result: dict[str, str] = {}

    async def two() -> None:
        result.update(await found())
        assert len(result) == 2

    await eventually(two, within=10)
    return result


async def _none_assigned(billing: BillingUnderTest, organisation_id: int) -> None:
    assert await _listed(billing, organisation_id, "?is_assigned=true") == []


async def _about(queue: Any, agreement_ids: set[uuid.UUID]) -> list[dict[str, Any]]:
    """The messages about these agreements, one each: other tests share the service and the exchange."""
    wanted, found = {str(a) for a in agreement_ids}, []
    while len(found) < len(wanted):
        found += [m for m in await drain(queue, 1) if m["payload"]["agreement_id"] in wanted]
    return found


async def _drained(queue: Any) -> list[dict[str, Any]]:
    got = []
    while (message := await queue.get(fail=False, no_ack=True)) is not None:
        got.append(json.loads(message.body))
    return got


class FailingProvider(LocalPaymentProvider):
    """The local provider behind a network that fails: nothing is recorded, the charge stays pending."""

    async def charge(self, *args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("provider unreachable")


async def test_account_charges_are_taken_once_by_the_payment_provider_or_declined(billing: BillingUnderTest) -> None:
    organisation_id = await billing.known_organisation()
    admin = member_of(organisation_id, "admin")
    (
        await billing.call(admin, "PUT", "/api/billing_details", {**US_DETAILS, "switch_org_billing_to_account": True})
    ).ok()
    cheap = (await billing.call(admin, "POST", PATH, {"bitrate": 5, "duration_months": 1})).ok(201)
    dear = (await billing.call(admin, "POST", PATH, {"bitrate": 100, "duration_months": 12})).ok(201)
    purchases = {uuid.UUID(cheap["agreements"][0]["purchase_id"]), uuid.UUID(dear["agreements"][0]["purchase_id"])}
    assert await _charges(billing, purchases) == {("75.00", "pending"), ("14400.00", "pending")}

    run, pool = runner(billing.runtime), billing.runtime.pool
    await collect(run, pool, "billing", FailingProvider())
    assert await _charges(billing, purchases) == {("75.00", "pending"), ("14400.00", "pending")}
    provider = LocalPaymentProvider(decline_above=Decimal("10000"))
    await asyncio.gather(collect(run, pool, "billing", provider), collect(run, pool, "billing", provider))
    await collect(run, pool, "billing", LocalPaymentProvider())
    assert await _charges(billing, purchases) == {("75.00", "taken"), ("14400.00", "declined")}
    sql = (
        "SELECT count(*) FROM billing.events WHERE type IN ('PaymentTaken', 'PaymentDeclined') AND stream_id = ANY($1)"
    )
    assert await pool.fetchval(sql, [f"agreement-purchase-{p}" for p in purchases]) == 2, "settled once each"


async def _charges(billing: BillingUnderTest, purchases: set[uuid.UUID]) -> set[tuple[str, str]]:
    sql = "SELECT amount, status FROM billing.account_charges WHERE purchase_id = ANY($1::uuid[])"
    return {(str(r["amount"]), r["status"]) for r in await billing.runtime.pool.fetch(sql, list(purchases))}


async def test_purchases_at_once_cannot_spend_the_same_credits_twice(billing: BillingUnderTest) -> None:
    organisation_id = await billing.known_organisation()
    await _credit(billing, organisation_id, "160")
    body = {"bitrate": 5, "duration_months": 1}
    replies = await asyncio.gather(*(billing.call(member_of(organisation_id), "POST", PATH, body) for _ in range(4)))
    assert sorted(reply.status for reply in replies) == [201, 201, 409, 409], [r.body for r in replies]
    assert await _drawn(billing, organisation_id) == Decimal("150.00")
    assert len(await _listed(billing, organisation_id)) == 2
