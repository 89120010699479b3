"""Request and response models of billing details (A011, A012), with the seed's lengths.

Character sets, the country code and the UK/EU registration rule are checked by the domain
(``billing.domain.details``), which names the field of each error.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Currency = Literal["usd", "gbp", "eur"]
CURRENCY_HELP = "usd, gbp or eur"


NAMES = "letters, digits, space, period, hyphen"
ADDRESS = "letters, digits, space, period, hyphen, comma"


def _trimmed(most: int) -> StringConstraints:
    return StringConstraints(strip_whitespace=True, min_length=1, max_length=most)


Name150 = Annotated[str, _trimmed(150), Field(description=f"1–150 characters: {NAMES}")]
Address300 = Annotated[str, _trimmed(300), Field(description=f"1–300 characters: {ADDRESS}")]
Place85 = Annotated[str, _trimmed(85), Field(description=f"1–85 characters: {NAMES}")]
Phone = Annotated[str, _trimmed(100), Field(description="1–100 characters: digits, space, hyphen, +")]
PostalCode = Annotated[str, _trimmed(20), Field(description="1–20 characters: letters, digits, space, hyphen")]
Registration = Annotated[
    str, _trimmed(50),
    Field(description="1–50 characters: letters, digits, space, hyphen; mandatory for UK and EU customers"),
]  # fmt: skip
CountryCode = Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, min_length=2, max_length=2),
                        Field(description="ISO 3166-1 alpha-2 country code")]  # fmt: skip


class Strict(BaseModel):
    """A request body: a field the model does not know is an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class BillingDetailsFields(BaseModel):
    company_name: Name150
    first_name: Name150
    last_name: Name150
    phone: Phone | None = None
    address_line1: Address300
    address_line2: Address300 | None = None
    address_city: Place85
    address_state: Place85 | None = None
    address_postal_code: PostalCode
    address_country_code: CountryCode
    org_reg_number: Registration | None = None
    org_vat_number: Registration | None = None
    switch_org_billing_to_account: bool = Field(False, description="switch the billing method to an account")


class SaveBillingDetails(Strict, BillingDetailsFields):
    """The whole set of details for one currency: it replaces the one before."""

    currency: Currency | None = Field(None, description=f"{CURRENCY_HELP}; the organisation's current one if absent")


class BillingDetailsView(BillingDetailsFields):
    organisation_id: int
    currency: Currency
    updated_at: datetime


class CurrencyQuery(BaseModel):
    currency: Currency | None = Field(None, description=f"{CURRENCY_HELP}; the organisation's current one if absent")
