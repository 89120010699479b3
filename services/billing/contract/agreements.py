"""Request and response models of permanent-schedule agreements: purchase (A008) and list (A007)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from billing.contract.pricing import BITRATE_HELP, BITRATES, DURATION_HELP, DURATIONS, Bitrate, Duration
from billing.contract.schemas import Currency, Strict

MAX_AT_ONCE = 10
PaidBy = Literal["credits", "account"]


class PurchaseAgreements(Strict):
    """Unassigned agreements for one bitrate band and length, each expiring ``duration_months`` after purchase."""

    bitrate: Bitrate
    duration_months: Duration
    number_of_agreements: int = Field(1, ge=1, le=MAX_AT_ONCE, description="how many to buy: 1–10, 1 if absent")

    @field_validator("bitrate")
    @classmethod
    def _band(cls, value: int) -> int:
        if value not in BITRATES:
            raise ValueError(BITRATE_HELP)
        return value

    @field_validator("duration_months")
    @classmethod
    def _length(cls, value: int) -> int:
        if value not in DURATIONS:
            raise ValueError(DURATION_HELP)
        return value


class AgreementView(BaseModel):
    id: uuid.UUID
    purchase_id: uuid.UUID = Field(description="the purchase it was bought in, with others maybe")
    organisation_id: int
    bitrate: int
    duration_months: int
    currency: Currency
    price: Decimal = Field(description="what this agreement cost, a decimal string")
    paid_by: PaidBy = Field(description="credits, or the organisation's account")
    purchased_at: datetime
    expires_at: datetime
    is_assigned: bool = Field(description="bound to an output; an assigned agreement cannot be assigned again")
    is_finished: bool = Field(description="expired; a finished agreement cannot be assigned")
    output_id: str | None = Field(description="the output it is assigned to")
    environment_id: uuid.UUID | None = Field(description="that output's environment")
    finished_at: datetime | None


class PurchasedAgreements(BaseModel):
    currency: Currency
    total: Decimal = Field(description="the sum of the agreements' prices, charged as paid_by says")
    paid_by: PaidBy
    agreements: list[AgreementView]
