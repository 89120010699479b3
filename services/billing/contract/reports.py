"""Response models of the consumption reports (A020, A022) and the hourly breakdown (A021).

Amounts are decimal strings in the organisation's current currency; each is a sum of lines already rounded to
the minor unit (decision 46), so a total is exactly the sum of what it lists. Hours are seconds / 3600, rounded
half up to 4 places for reading; ``seconds`` stays exact.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, Field

from billing.contract.pricing import Item
from billing.contract.schemas import Currency

DATES = (
    "`?start_date=` and `?end_date=` are days `YYYY-MM-DD` (UTC), both included; absent, the report runs from the "
    "first day of the end's month (this month) to today. A malformed date, or an end before the start, is 400."
)
ITEMS_PER_PAGE = "`?items_per_page=` (1–500, the same as `limit`) and `?page=` (from 1) page it too."


class ReportItem(BaseModel):
    item: Item
    instance_type: str | None = Field(None, description="environment_hours: the instance type")
    bitrate: int | None = Field(None, description="permanent_schedule: the bitrate band")
    duration_months: int | None = Field(None, description="permanent_schedule: the agreement length")
    seconds: Decimal = Field(description="metered time, exact; 0 for agreements")
    hours: Decimal = Field(description="seconds / 3600, to 4 places")
    count: int = Field(description="agreements bought; 0 for metered items")
    amount: Decimal


class ConsumptionReport(BaseModel):
    organisation_id: int
    currency: Currency
    start_date: date
    end_date: date
    items: list[ReportItem] = Field(description="one per item priced differently, in a stable order")
    total: Decimal = Field(description="the sum of the items' amounts")


class ReportDay(BaseModel):
    date: date
    items: list[ReportItem]
    total: Decimal


class ConsumptionReportV2(ConsumptionReport):
    days: list[ReportDay] = Field(description="every day of the range with consumption, oldest first")


class HourlyLine(BaseModel):
    hour: datetime = Field(description="the hour of usage (UTC), or of purchase for agreements")
    item: Item
    resource_id: uuid.UUID = Field(
        description="the environment metered (for output_hours: its outputs, all bands), or the purchase of agreements"
    )
    instance_type: str | None
    bitrate: int | None
    duration_months: int | None
    currency: Currency
    seconds: Decimal
    hours: Decimal
    count: int
    amount: Decimal
