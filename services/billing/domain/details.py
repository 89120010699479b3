"""An organisation's billing details for one currency: the seed's character sets, a real country, and the
registration numbers UK and EU customers must give.

Letters are letters of any script and digits decimal digits (``str.isalpha``, ``str.isdecimal``): company
and street names are not all ASCII. A phone number's digits are ASCII.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from billing.contract.schemas import Currency
from billing.domain.countries import is_country, needs_registration
from billing.domain.events import BillingDetailsSaved, DomainEvent
from common.errors import Invalid

STREAM_PREFIX = "billing-details-"


def stream_id(organisation_id: int, currency: Currency) -> str:
    return f"{STREAM_PREFIX}{organisation_id}-{currency}"


def _letters_digits_and(extra: str) -> Callable[[str], bool]:
    return lambda ch: ch.isalpha() or ch.isdecimal() or ch in extra


NAMES = _letters_digits_and(" .-")
ADDRESS = _letters_digits_and(" .-,")
CODES = _letters_digits_and(" -")
CHARACTERS: dict[str, tuple[Callable[[str], bool], str]] = {
    "company_name": (NAMES, "letters, digits, space, period and hyphen"),
    "first_name": (NAMES, "letters, digits, space, period and hyphen"),
    "last_name": (NAMES, "letters, digits, space, period and hyphen"),
    "phone": (lambda ch: ch in "0123456789 -+", "digits, space, hyphen and +"),
    "address_line1": (ADDRESS, "letters, digits, space, period, hyphen and comma"),
    "address_line2": (ADDRESS, "letters, digits, space, period, hyphen and comma"),
    "address_city": (NAMES, "letters, digits, space, hyphen and period"),
    "address_state": (NAMES, "letters, digits, space, hyphen and period"),
    "address_postal_code": (CODES, "letters, digits, space and hyphen"),
    "org_reg_number": (CODES, "letters, digits, spaces and hyphens"),
    "org_vat_number": (CODES, "letters, digits, spaces and hyphens"),
}


def check(fields: Mapping[str, Any]) -> None:
    """Raise ``Invalid`` naming the first field that breaks a rule; lengths are the contract's to check."""
    for name, (allowed, described) in CHARACTERS.items():
        value = fields.get(name)
        if value is not None and not all(map(allowed, value)):
            raise Invalid(f"{name} may hold only {described}", name)
    country = fields["address_country_code"]
    if not is_country(country):
        raise Invalid(f"{country!r} is not an ISO 3166-1 alpha-2 country code", "address_country_code")
    if needs_registration(country):
        for name in ("org_reg_number", "org_vat_number"):
            if not fields.get(name):
                raise Invalid(f"{name} is mandatory for a UK or EU customer ({country})", name)


def fold(events: Sequence[DomainEvent]) -> BillingDetailsSaved | None:
    saved = [event for event in events if isinstance(event, BillingDetailsSaved)]
    return saved[-1] if saved else None


def save(before: BillingDetailsSaved | None, organisation_id: int, currency: Currency,
         fields: Mapping[str, Any]) -> list[DomainEvent]:  # fmt: skip
    """Checked, then recorded whole; the same details again record nothing."""
    check(fields)
    after = BillingDetailsSaved(organisation_id=organisation_id, currency=currency, **fields)
    return [] if after == before else [after]
