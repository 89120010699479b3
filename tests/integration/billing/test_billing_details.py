"""Billing details of the managing organisation (A011, A012): per currency, the seed's limits and character
sets, a real country, registration numbers for UK and EU customers; 400s name the field."""

from __future__ import annotations

from typing import Any

from tests.integration.billing.conftest import BillingUnderTest, staff
from tests.support.service_under_test import member_of, new_organisation

DETAILS = "/api/billing_details"
US: dict[str, Any] = {
    "company_name": "Acme Broadcasting Inc.", "first_name": "Ada", "last_name": "Lovelace-King",
    "phone": "+1 555-0100", "address_line1": "1 Main St., Suite 4", "address_city": "New York",
    "address_state": "NY", "address_postal_code": "10001", "address_country_code": "us",
}  # fmt: skip
UK = {**US, "address_country_code": "GB", "org_reg_number": "01234567", "org_vat_number": "GB 123 4567 89"}


async def test_details_are_saved_per_currency_and_read_back(billing: BillingUnderTest) -> None:
    admin = member_of(new_organisation())
    assert (await billing.call(admin, "GET", DETAILS)).status == 404
    saved = (await billing.call(admin, "PUT", DETAILS, US)).ok()
    assert (saved["currency"], saved["address_country_code"], saved["switch_org_billing_to_account"]) == (
        "usd", "US", False
    )  # fmt: skip
    in_pounds = (await billing.call(admin, "PUT", DETAILS, {**UK, "currency": "gbp"})).ok()
    assert in_pounds["org_vat_number"] == "GB 123 4567 89"
    assert (await billing.call(admin, "GET", DETAILS)).ok()["company_name"] == US["company_name"]
    assert (await billing.call(admin, "GET", f"{DETAILS}?currency=gbp")).ok()["address_country_code"] == "GB"
    assert (await billing.call(admin, "GET", f"{DETAILS}?currency=eur")).status == 404
    changed = (await billing.call(admin, "PUT", DETAILS, {**US, "switch_org_billing_to_account": True})).ok()
    assert changed["switch_org_billing_to_account"] is True and changed["phone"] == "+1 555-0100"


async def test_accounts_read_but_operators_do_not_write(billing: BillingUnderTest) -> None:
    organisation_id = new_organisation()
    await billing.call(member_of(organisation_id), "PUT", DETAILS, US)
    assert (await billing.call(member_of(organisation_id, "operator"), "PUT", DETAILS, US)).status == 403
    assert (await billing.call(member_of(organisation_id, "operator"), "GET", DETAILS)).status == 403
    assert (await billing.call(staff(is_accounts_user=True), "GET", DETAILS)).status == 409


async def test_bad_details_are_a_400_naming_the_field(billing: BillingUnderTest) -> None:
    admin = member_of(new_organisation())
    cases = [
        ({**US, "company_name": "Acme & Sons"}, "company_name"),
        ({**US, "company_name": "x" * 151}, "company_name"),
        ({**US, "first_name": "Ada!"}, "first_name"),
        ({**US, "last_name": ""}, "last_name"),
        ({**US, "phone": "+1 (555) 0100"}, "phone"),
        ({**US, "phone": "1" * 101}, "phone"),
        ({**US, "address_line1": "1 Main St; Suite 4"}, "address_line1"),
        ({**US, "address_line2": "x" * 301}, "address_line2"),
        ({**US, "address_city": "New York, NY"}, "address_city"),
        ({**US, "address_state": "x" * 86}, "address_state"),
        ({**US, "address_postal_code": "SW1A.1AA"}, "address_postal_code"),
        ({**US, "address_postal_code": "1" * 21}, "address_postal_code"),
        ({**US, "address_country_code": "UK"}, "address_country_code"),
        ({**US, "address_country_code": "USA"}, "address_country_code"),
        ({**UK, "org_reg_number": None}, "org_reg_number"),
        ({**UK, "address_country_code": "DE", "org_vat_number": None}, "org_vat_number"),
        ({**UK, "org_vat_number": "GB/123"}, "org_vat_number"),
        ({**US, "currency": "jpy"}, "currency"),
        ({**US, "colour": "red"}, "colour"),
    ]
    for body, field in cases:
        reply = await billing.call(admin, "PUT", DETAILS, body)
        assert reply.status == 400, (body, reply.body)
        assert field in [error["parameter"] for error in reply.body["errors"]], (body, reply.body)
    assert (await billing.call(admin, "GET", DETAILS)).status == 404
    assert (await billing.call(admin, "PUT", DETAILS, {**US, "company_name": "Société Générale 2"})).status == 200
