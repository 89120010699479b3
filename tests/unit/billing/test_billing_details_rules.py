"""The billing details rules: character sets, real ISO 3166-1 alpha-2 countries, UK and EU registration."""

from __future__ import annotations

from typing import Any

import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st

from billing.domain import details
from billing.domain.countries import ALPHA_2, EU, needs_registration
from common.errors import Invalid

US: dict[str, Any] = {
    "company_name": "Acme Inc.", "first_name": "Ada", "last_name": "King", "phone": "+1 555-0100",
    "address_line1": "1 Main St., Suite 4", "address_line2": None, "address_city": "New York",
    "address_state": "NY", "address_postal_code": "10001", "address_country_code": "US",
    "org_reg_number": None, "org_vat_number": None, "switch_org_billing_to_account": False,
}  # fmt: skip
CODES = sorted(c.alpha_2 for c in pycountry.countries)


def _refused_field(fields: dict[str, Any]) -> str | None:
    try:
        details.check(fields)
    except Invalid as exc:
        return exc.field
    return None


@given(st.sampled_from(CODES))
def test_every_alpha_2_code_the_library_knows_is_accepted(code: str) -> None:
    registered = {"org_reg_number": "123", "org_vat_number": "VAT 1"} if needs_registration(code) else {}
    assert _refused_field({**US, "address_country_code": code, **registered}) is None


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2).filter(lambda c: c not in ALPHA_2))
def test_two_letters_the_library_does_not_know_are_refused(code: str) -> None:
    assert _refused_field({**US, "address_country_code": code}) == "address_country_code"


@pytest.mark.parametrize("code", ["GB", *sorted(EU)])
def test_uk_and_eu_customers_must_give_both_numbers(code: str) -> None:
    both = {"org_reg_number": "12-34", "org_vat_number": "EU 99"}
    assert _refused_field({**US, "address_country_code": code, **both}) is None
    assert _refused_field({**US, "address_country_code": code, **both, "org_reg_number": None}) == "org_reg_number"
    assert _refused_field({**US, "address_country_code": code, **both, "org_vat_number": ""}) == "org_vat_number"


def test_the_eu_is_its_27_members_and_the_uk_is_not_one() -> None:
    assert len(EU) == 27 and EU <= ALPHA_2 and "GB" not in EU and not needs_registration("CH")


@pytest.mark.parametrize(
    ("field", "good", "bad"),
    [
        ("company_name", "Société Générale-2 Ltd.", "Acme, Inc."),
        ("first_name", "Zoë", "Ada_"),
        ("last_name", "O.Brien", "O'Brien"),
        ("phone", "+44 20-7946 0958", "+44 (20) 7946"),
        ("address_line1", "1, Main St.", "1 Main St #4"),
        ("address_line2", "Flat 3, Block B", "Flat 3/B"),
        ("address_city", "Saint-Étienne", "Saint Étienne, FR"),
        ("address_state", "N.Y.", "NY/NJ"),
        ("address_postal_code", "SW1A 1AA", "SW1A.1AA"),
        ("org_reg_number", "SC-123 456", "SC/123"),
        ("org_vat_number", "GB 123 4567 89", "GB.123"),
    ],
)
def test_each_field_allows_its_characters_only(field: str, good: str, bad: str) -> None:
    assert _refused_field({**US, field: good}) is None
    assert _refused_field({**US, field: bad}) == field


def test_the_same_details_again_record_nothing() -> None:
    first = details.save(None, 1, "usd", US)
    assert len(first) == 1 and details.save(details.fold(first), 1, "usd", US) == []
