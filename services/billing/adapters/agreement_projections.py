"""The agreements projection: every agreement with its price, who paid, its expiry, and whether it is assigned
(to which output) or finished; the charges organisations billed on account owe, and whether the payment
provider took them."""

from __future__ import annotations

from typing import Any

from billing.adapters import event_codec
from billing.domain import events as e
from common.eventstore import RecordedEvent
from common.projections import Projection


async def _purchased(conn: Any, s: str, r: RecordedEvent) -> None:
    bought = event_codec.decode(r)
    assert isinstance(bought, e.AgreementPurchased)
    await conn.execute(
        f"""INSERT INTO {s}.agreements (id, purchase_id, organisation_id, bitrate, duration_months, currency, price,
            paid_by, purchased_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""",
        bought.agreement_id, bought.purchase_id, bought.organisation_id, bought.bitrate, bought.duration_months,
        bought.currency, bought.price, bought.paid_by, bought.purchased_at, bought.expires_at,
    )  # fmt: skip


async def _assigned(conn: Any, s: str, r: RecordedEvent) -> None:
    assigned = event_codec.decode(r)
    assert isinstance(assigned, e.AgreementAssigned)
    sql = f"UPDATE {s}.agreements SET is_assigned = true, output_id = $2, environment_id = $3 WHERE id = $1"
    await conn.execute(sql, assigned.agreement_id, assigned.output_id, assigned.environment_id)


async def _released(conn: Any, s: str, r: RecordedEvent) -> None:
    released = event_codec.decode(r)
    assert isinstance(released, e.AgreementReleased)
    sql = f"UPDATE {s}.agreements SET is_assigned = false, output_id = NULL, environment_id = NULL WHERE id = $1"
    await conn.execute(sql, released.agreement_id)


async def _finished(conn: Any, s: str, r: RecordedEvent) -> None:
    finished = event_codec.decode(r)
    assert isinstance(finished, e.AgreementFinished)
    sql = f"UPDATE {s}.agreements SET is_finished = true, finished_at = $2 WHERE id = $1"
    await conn.execute(sql, finished.agreement_id, finished.finished_at)


async def _charged(conn: Any, s: str, r: RecordedEvent) -> None:
    charged = event_codec.decode(r)
    assert isinstance(charged, e.AgreementsCharged)
    if charged.paid_by == "account":
        await conn.execute(
            f"""INSERT INTO {s}.account_charges (purchase_id, organisation_id, currency, amount, charged_at, status)
                VALUES ($1, $2, $3, $4, $5, 'pending')""",
            charged.purchase_id, charged.organisation_id, charged.currency, charged.amount, r.recorded_at,
        )  # fmt: skip


async def _settled(conn: Any, s: str, r: RecordedEvent) -> None:
    settled = event_codec.decode(r)
    assert isinstance(settled, e.PaymentTaken | e.PaymentDeclined)
    status, reason = ("taken", None) if isinstance(settled, e.PaymentTaken) else ("declined", settled.reason)
    await conn.execute(
        f"""UPDATE {s}.account_charges SET status = $2, provider = $3, payment_id = $4, reason = $5
            WHERE purchase_id = $1""",
        settled.purchase_id, status, settled.provider, settled.payment_id, reason,
    )  # fmt: skip


AGREEMENTS = Projection(
    "agreements",
    ["agreements"],
    {
        event_codec.name_of(e.AgreementPurchased): _purchased,
        event_codec.name_of(e.AgreementAssigned): _assigned,
        event_codec.name_of(e.AgreementReleased): _released,
        event_codec.name_of(e.AgreementFinished): _finished,
    },
)
ACCOUNT_CHARGES = Projection(
    "account_charges",
    ["account_charges"],
    {
        event_codec.name_of(e.AgreementsCharged): _charged,
        event_codec.name_of(e.PaymentTaken): _settled,
        event_codec.name_of(e.PaymentDeclined): _settled,
    },
)
