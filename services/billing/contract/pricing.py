"""Request and response models of prices (A006, A014–A019) and credits (A010, A133).

Amounts are decimals, never floats: sent as JSON strings or numbers, answered as strings. A price has at
most 4 decimal places, a credit at most 2; more is refused, never rounded (decision 46).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from billing.contract.schemas import CURRENCY_HELP, Currency, Strict

Item = Literal["environment_hours", "stream_hours", "output_hours", "permanent_schedule"]
BITRATES: tuple[int, ...] = (5, 10, 20, 50, 100)
DURATIONS: tuple[int, ...] = (1, 3, 6, 12)
ITEM_HELP = (
    "environment_hours (per hour, by instance_type), stream_hours and output_hours (per hour, by bitrate band), "
    "permanent_schedule (per agreement, by bitrate and duration_months)"
)
BITRATE_HELP = f"upper bound of the bitrate band in Mbit/s: one of {', '.join(map(str, BITRATES))}"
DURATION_HELP = f"agreement length in months: one of {', '.join(map(str, DURATIONS))}"
PriceAmount = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=4, description="0 or more, ≤ 4 places")]
CreditAmount = Annotated[
    Decimal, Field(gt=0, le=1_000_000, decimal_places=2, description="more than 0, at most 1,000,000, ≤ 2 places")
]
InstanceType = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9._-]*$"),
    Field(description="a cloud instance type id, e.g. c5.large"),
]  # fmt: skip
Bitrate = Annotated[int, Field(json_schema_extra={"enum": list(BITRATES)}, description=BITRATE_HELP)]
Duration = Annotated[int, Field(json_schema_extra={"enum": list(DURATIONS)}, description=DURATION_HELP)]
_NEEDS: dict[str, tuple[str, ...]] = {
    "environment_hours": ("instance_type",),
    "stream_hours": ("bitrate",),
    "output_hours": ("bitrate",),
    "permanent_schedule": ("bitrate", "duration_months"),
}


class PriceKey(BaseModel):
    """What one price is for: an item, in a currency, with the details its kind of item is priced by."""

    model_config = ConfigDict(frozen=True)

    currency: Currency = Field(description=CURRENCY_HELP)
    item: Item = Field(description=ITEM_HELP)
    instance_type: InstanceType | None = None
    bitrate: Bitrate | None = None
    duration_months: Duration | None = None

    @model_validator(mode="after")
    def _priced_by(self) -> PriceKey:
        needed = _NEEDS[self.item]
        for name in ("instance_type", "bitrate", "duration_months"):
            if (getattr(self, name) is not None) != (name in needed):
                raise ValueError(f"{self.item} is priced by {' and '.join(needed)} only ({name})")
        if self.bitrate is not None and self.bitrate not in BITRATES:
            raise ValueError(BITRATE_HELP)
        if self.duration_months is not None and self.duration_months not in DURATIONS:
            raise ValueError(DURATION_HELP)
        return self


class SetPrice(Strict, PriceKey):
    """A new version of a price, in force from ``valid_from`` (now if absent, never in the past)."""

    amount: PriceAmount
    valid_from: datetime | None = Field(None, description="when this version takes over; now if absent")


class PriceVersionView(BaseModel):
    amount: Decimal
    valid_from: datetime


class PriceView(PriceKey):
    amount: Decimal
    valid_from: datetime
    custom: bool = Field(description="a price set for this organisation, rather than the default")


class DefaultPriceView(PriceKey):
    amount: Decimal | None = Field(description="in force now; null if only later versions exist")
    valid_from: datetime | None
    versions: list[PriceVersionView] = Field(description="every version, oldest first")


class Pricing(BaseModel):
    organisation_id: int
    currency: Currency
    prices: list[PriceView]


class DefaultPricing(BaseModel):
    prices: list[DefaultPriceView]


class PricingQuery(BaseModel):
    currency: Currency | None = Field(None, description=f"{CURRENCY_HELP}; the organisation's current one if absent")


class DefaultPricingQuery(BaseModel):
    currency: Currency | None = Field(None, description=f"{CURRENCY_HELP}; every currency if absent")


class Option(BaseModel):
    value: int
    label: str


class PriceSelectors(BaseModel):
    bitrates: list[Option]
    durations: list[Option]


class GrantCredits(Strict):
    amount: CreditAmount
    currency: Currency | None = Field(None, description=f"{CURRENCY_HELP}; the organisation's current one if absent")
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] | None = Field(
        None, description="up to 300 characters, shown to the organisation"
    )


class CreditView(BaseModel):
    id: uuid.UUID
    organisation_id: int
    currency: Currency
    amount: Decimal
    note: str | None
    created_at: datetime
