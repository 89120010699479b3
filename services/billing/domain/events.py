"""What happens to billing details, prices and credits, as frozen types.

The store's codec (``adapters/event_codec.py``) names and serialises them; amounts travel as decimal strings.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from billing.contract.pricing import Item
from billing.contract.schemas import Currency


class DomainEvent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    organisation_id: int | None = None


class BillingDetailsSaved(DomainEvent):
    """The whole set of details for one currency, after the change."""

    currency: Currency
    company_name: str
    first_name: str
    last_name: str
    phone: str | None
    address_line1: str
    address_line2: str | None
    address_city: str
    address_state: str | None
    address_postal_code: str
    address_country_code: str
    org_reg_number: str | None
    org_vat_number: str | None
    switch_org_billing_to_account: bool


class PriceVersionAdded(DomainEvent):
    """A price (the default one, or ``organisation_id``'s own) takes ``amount`` from ``valid_from`` on."""

    currency: Currency
    item: Item
    instance_type: str | None = None
    bitrate: int | None = None
    duration_months: int | None = None
    amount: Decimal
    valid_from: datetime


class CreditGranted(DomainEvent):
    """Free credits, each grant its own credit, so a later consumption run can draw each down once."""

    credit_id: uuid.UUID
    currency: Currency
    amount: Decimal
    note: str | None
    granted_by: uuid.UUID | None


ALL: tuple[type[DomainEvent], ...] = (BillingDetailsSaved, PriceVersionAdded, CreditGranted)
