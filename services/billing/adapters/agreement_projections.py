"""The agreements projection: every agreement with its price, who paid, its expiry, and whether it is assigned
(to which output) or finished."""

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
