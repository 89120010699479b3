"""Billing's projections: billing details per currency, how each organisation is billed, every price version,
credits (granted and drawn), those of metering (``metering_projections``) and agreements
(``agreement_projections``)."""

from __future__ import annotations

from typing import Any

from billing.adapters import event_codec
from billing.adapters.agreement_projections import ACCOUNT_CHARGES, AGREEMENTS
from billing.adapters.metering_projections import CONSUMPTION, CONSUMPTION_CHARGES, USAGE
from billing.domain import events as e
from common.eventstore import RecordedEvent
from common.projections import Projection


async def _details(conn: Any, s: str, r: RecordedEvent) -> None:
    saved = event_codec.decode(r)
    assert isinstance(saved, e.BillingDetailsSaved)
    fields = saved.model_dump(mode="json", exclude={"organisation_id", "currency"})
    await conn.execute(
        f"""INSERT INTO {s}.billing_details (organisation_id, currency, details, updated_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (organisation_id, currency) DO UPDATE SET details = $3, updated_at = $4""",
        saved.organisation_id, saved.currency, fields, r.recorded_at,
    )  # fmt: skip


async def _price(conn: Any, s: str, r: RecordedEvent) -> None:
    added = event_codec.decode(r)
    assert isinstance(added, e.PriceVersionAdded)
    await conn.execute(
        f"""INSERT INTO {s}.price_versions (stream_id, version, organisation_id, currency, item, instance_type,
            bitrate, duration_months, amount, valid_from) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""",
        r.stream_id, r.version, added.organisation_id, added.currency, added.item, added.instance_type,
        added.bitrate, added.duration_months, added.amount, added.valid_from,
    )  # fmt: skip


async def _credit(conn: Any, s: str, r: RecordedEvent) -> None:
    granted = event_codec.decode(r)
    assert isinstance(granted, e.CreditGranted)
    await conn.execute(
        f"""INSERT INTO {s}.credits (id, organisation_id, currency, amount, note, created_at)
            VALUES ($1, $2, $3, $4, $5, $6)""",
        granted.credit_id, granted.organisation_id, granted.currency, granted.amount, granted.note, r.recorded_at,
    )  # fmt: skip


async def _drawn(conn: Any, s: str, r: RecordedEvent) -> None:
    drawn = event_codec.decode(r)
    assert isinstance(drawn, e.CreditDrawn)
    await conn.execute(f"UPDATE {s}.credits SET drawn = drawn + $2 WHERE id = $1", drawn.credit_id, drawn.amount)


async def _on_account(conn: Any, s: str, r: RecordedEvent) -> None:
    switched = event_codec.decode(r)
    assert isinstance(switched, e.AccountBillingSwitched)
    await conn.execute(
        f"""INSERT INTO {s}.billing_settings (organisation_id, on_account) VALUES ($1, $2)
            ON CONFLICT (organisation_id) DO UPDATE SET on_account = $2""",
        switched.organisation_id, switched.on_account,
    )  # fmt: skip


async def _monthly_report(conn: Any, s: str, r: RecordedEvent) -> None:
    switched = event_codec.decode(r)
    assert isinstance(switched, e.MonthlyReportSwitched)
    await conn.execute(
        f"""INSERT INTO {s}.billing_settings (organisation_id, monthly_report) VALUES ($1, $2)
            ON CONFLICT (organisation_id) DO UPDATE SET monthly_report = $2""",
        switched.organisation_id, switched.enabled,
    )  # fmt: skip


BILLING_DETAILS = Projection(
    "billing_details", ["billing_details"], {event_codec.name_of(e.BillingDetailsSaved): _details}
)
PRICES = Projection("price_versions", ["price_versions"], {event_codec.name_of(e.PriceVersionAdded): _price})
CREDITS = Projection(
    "credits", ["credits"], {event_codec.name_of(e.CreditGranted): _credit, event_codec.name_of(e.CreditDrawn): _drawn}
)
BILLING_SETTINGS = Projection(
    "billing_settings",
    ["billing_settings"],
    {
        event_codec.name_of(e.AccountBillingSwitched): _on_account,
        event_codec.name_of(e.MonthlyReportSwitched): _monthly_report,
    },
)
PROJECTIONS = [
    BILLING_DETAILS, PRICES, CREDITS, USAGE, CONSUMPTION, CONSUMPTION_CHARGES, AGREEMENTS, ACCOUNT_CHARGES,
    BILLING_SETTINGS,
]  # fmt: skip
