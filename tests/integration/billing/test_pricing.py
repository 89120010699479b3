"""Prices (A006, A014–A019): seeded defaults, new versions that leave the past priced, custom over default,
who sees which organisation's prices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from tests.integration.billing.conftest import BillingUnderTest, staff
from tests.support.service_under_test import member_of, new_organisation

SMALL = {"currency": "usd", "item": "environment_hours", "instance_type": "c5.large"}
ACCOUNTS = staff(is_accounts_user=True)


def _price(pricing: dict[str, Any], **key: Any) -> dict[str, Any]:
    return next(p for p in pricing["prices"] if all(p.get(k) == v for k, v in key.items()))


async def test_defaults_are_seeded_in_every_currency(billing: BillingUnderTest) -> None:
    defaults = (await billing.call(ACCOUNTS, "GET", "/api/pricing/default")).ok()["prices"]
    assert {p["currency"] for p in defaults} == {"usd", "gbp", "eur"}
    assert {p["item"] for p in defaults} == {"environment_hours", "stream_hours", "output_hours", "permanent_schedule"}
    pounds = (await billing.call(ACCOUNTS, "GET", "/api/pricing/default?currency=gbp")).ok()["prices"]
    assert {p["currency"] for p in pounds} == {"gbp"}


async def test_a_new_default_version_keeps_the_old_one_for_its_period(billing: BillingUnderTest) -> None:
    key = {**SMALL, "instance_type": f"test.{new_organisation()}"}
    later = datetime.now(UTC) + timedelta(days=30)
    assert (await billing.call(ACCOUNTS, "POST", "/api/pricing/default", {**key, "amount": "0.5"})).status == 201
    added = await billing.call(ACCOUNTS, "POST", "/api/pricing/default",
                               {**key, "amount": 0.75, "valid_from": later.isoformat()})  # fmt: skip
    assert added.ok(201)["amount"] == "0.75"
    default = _price((await billing.call(ACCOUNTS, "GET", "/api/pricing/default")).ok(),
                     instance_type=key["instance_type"])  # fmt: skip
    assert default["amount"] == "0.5" and [v["amount"] for v in default["versions"]] == ["0.5", "0.75"]
    past = {**key, "amount": "1", "valid_from": "2021-01-01T00:00:00Z"}
    reply = await billing.call(ACCOUNTS, "POST", "/api/pricing/default", past)
    assert reply.status == 400 and reply.body["errors"][0]["parameter"] == "valid_from"


async def test_a_custom_price_wins_for_its_organisation_only(billing: BillingUnderTest) -> None:
    organisation_id, other = await billing.known_organisation(), await billing.known_organisation()
    path = f"/api/organisations/{organisation_id}/pricing"
    assert (await billing.call(ACCOUNTS, "PUT", path, {**SMALL, "amount": "0.1234"})).ok()["amount"] == "0.1234"
    own = (await billing.call(member_of(organisation_id, "monitor"), "GET", "/api/pricing")).ok()
    assert _price(own, instance_type="c5.large") | {"valid_from": None} == {
        **SMALL, "bitrate": None, "duration_months": None, "amount": "0.1234", "valid_from": None, "custom": True,
    }  # fmt: skip
    theirs = (await billing.call(member_of(other), "GET", f"/api/organisations/{other}/pricing")).ok()
    assert _price(theirs, instance_type="c5.large")["custom"] is False
    assert Decimal(_price(theirs, instance_type="c5.large")["amount"]) == Decimal("0.45")
    assert (await billing.call(member_of(other), "GET", path)).status == 404
    assert (await billing.call(staff(is_accounts_admin=True), "GET", path)).status == 200
    unknown = f"/api/organisations/{new_organisation()}/pricing"
    assert (await billing.call(ACCOUNTS, "PUT", unknown, {**SMALL, "amount": "1"})).status == 404


async def test_permanent_schedule_prices_and_their_selectors(billing: BillingUnderTest) -> None:
    member = member_of(new_organisation(), "operator")
    pricing = (await billing.call(member, "GET", "/api/pricing/permanent_schedules?currency=eur")).ok()
    assert pricing["currency"] == "eur" and {p["item"] for p in pricing["prices"]} == {"permanent_schedule"}
    selectors = (await billing.call(member, "GET", "/api/pricing/permanent_schedules/selectors")).ok()
    bitrates = {p["bitrate"] for p in pricing["prices"]}
    assert bitrates == {o["value"] for o in selectors["bitrates"]}
    assert {p["duration_months"] for p in pricing["prices"]} == {o["value"] for o in selectors["durations"]}


async def test_bad_prices_are_a_400_naming_the_field(billing: BillingUnderTest) -> None:
    cases = [
        ({**SMALL, "amount": "0.12345"}, "amount"),
        ({**SMALL, "amount": "-1"}, "amount"),
        ({**SMALL, "amount": "NaN"}, "amount"),
        ({**SMALL, "currency": "jpy", "amount": "1"}, "currency"),
        ({**SMALL, "item": "coffee", "amount": "1"}, "item"),
        ({**SMALL, "bitrate": 10, "amount": "1"}, "body"),
        ({"currency": "usd", "item": "output_hours", "bitrate": 7, "amount": "1"}, "body"),
    ]
    for body, field in cases:
        reply = await billing.call(ACCOUNTS, "POST", "/api/pricing/default", body)
        assert reply.status == 400, (body, reply.body)
        assert field in [error["parameter"] for error in reply.body["errors"]], (body, reply.body)
