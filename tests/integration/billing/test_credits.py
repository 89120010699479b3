"""Free credits (A010, A133): granted by staff to organisations billing knows, listed to their members only."""

from __future__ import annotations

from tests.integration.billing.conftest import BillingUnderTest, staff
from tests.support.service_under_test import member_of, new_organisation


async def test_credits_are_granted_and_listed_to_the_organisation(billing: BillingUnderTest) -> None:
    organisation_id = await billing.known_organisation()
    path = f"/api/organisations/{organisation_id}/credits"
    granted = (await billing.call(staff(is_superuser=True), "POST", path, {"amount": "25.5", "note": "Welcome"})).ok(
        201
    )
    assert (granted["amount"], granted["currency"], granted["note"]) == ("25.50", "usd", "Welcome")
    await billing.call(staff(is_accounts_admin=True), "POST", path, {"amount": 10, "currency": "eur"})
    listed = (await billing.call(member_of(organisation_id, "monitor"), "GET", "/api/credits")).ok()
    assert [(c["amount"], c["currency"]) for c in listed["objects"]] == [("10.00", "eur"), ("25.50", "usd")]
    assert (await billing.call(member_of(new_organisation()), "GET", "/api/credits")).ok()["objects"] == []


async def test_no_exception_for_superusers_and_no_credits_for_strangers(billing: BillingUnderTest) -> None:
    assert (await billing.call(staff(is_superuser=True), "GET", "/api/credits")).status == 403
    unknown = f"/api/organisations/{new_organisation()}/credits"
    assert (await billing.call(staff(is_superuser=True), "POST", unknown, {"amount": "1"})).status == 404
    organisation_id = await billing.known_organisation()
    path = f"/api/organisations/{organisation_id}/credits"
    for body, field in (
        ({"amount": "0"}, "amount"),
        ({"amount": "1.001"}, "amount"),
        ({"amount": "1000000.01"}, "amount"),
        ({"amount": "1", "currency": "jpy"}, "currency"),
    ):
        reply = await billing.call(staff(is_accounts_user=True), "POST", path, body)
        assert reply.status == 400 and field in [e["parameter"] for e in reply.body["errors"]], reply.body
    assert (await billing.call(member_of(organisation_id), "POST", path, {"amount": "1"})).status == 403
