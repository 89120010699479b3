"""Collecting account charges (decisions 55 and 79): each pending charge is asked of the payment provider outside any
transaction, with an idempotency key (the purchase; the consumption charge and attempt), then its outcome recorded
once on the charge's stream. A fault leaves it pending for the next tick; asking again cannot take the money twice.
A declined consumption charge is asked again after a growing pause, until its last attempt."""

from __future__ import annotations

import uuid
from datetime import datetime
from functools import partial
from typing import Any

from billing.domain import account_charges, agreements, payments
from billing.service_layer.ports import PaymentProvider
from billing.service_layer.units import decide
from common.logging import get_logger
from common.unit_of_work import Runner, Work

log = get_logger(__name__)


async def collect(run: Runner, db: Any, s: str, provider: PaymentProvider, limit: int = 100) -> int:
    """Ask for every pending charge (at most ``limit``); returns how many were settled now."""
    rows = await db.fetch(
        f"""SELECT c.purchase_id, c.organisation_id, c.currency, c.amount, d.details
            FROM {s}.account_charges c LEFT JOIN {s}.billing_details d USING (organisation_id, currency)
            WHERE c.status = 'pending' ORDER BY c.charged_at, c.purchase_id LIMIT $1""",
        limit,
    )  # fmt: skip
    settled = 0
    for row in rows:
        try:
            customer = await provider.customer(row["organisation_id"], row["currency"], row["details"] or {})
            purchase = row["purchase_id"]
            payment = await provider.charge(customer, row["amount"], row["currency"], f"purchase-{purchase}",
                                            f"Permanent-schedule agreements, purchase {purchase}")  # fmt: skip
        except Exception as exc:  # noqa: BLE001 (a provider fault leaves the charge pending for the next tick)
            log.warning("payment_not_collected", purchase_id=str(row["purchase_id"]), error=repr(exc))
            continue
        settled += await _record(run, row["purchase_id"], provider.name, payment)
    return settled


async def _record(run: Runner, purchase_id: uuid.UUID, provider: str, payment: payments.Payment) -> int:
    async def unit(work: Work) -> int:
        await decide(work, agreements.purchase_stream_id(purchase_id), payments.fold,
                     partial(payments.settle, provider=provider, payment=payment))  # fmt: skip
        return len(work.recorded)

    recorded: int = await run(unit)
    return recorded


async def collect_consumption(run: Runner, db: Any, s: str, provider: PaymentProvider, now: datetime,
                              limit: int = 100) -> int:  # fmt: skip
    """Ask for every consumption charge due at ``now`` (at most ``limit``); returns how many answers were recorded."""
    rows = await db.fetch(
        f"""SELECT c.charge_id, c.organisation_id, c.currency, c.amount, c.hour, c.attempts, d.details
            FROM {s}.consumption_charges c LEFT JOIN {s}.billing_details d USING (organisation_id, currency)
            WHERE c.status = 'pending' AND c.retry_at <= $1 ORDER BY c.retry_at, c.charge_id LIMIT $2""",
        now, limit,
    )  # fmt: skip
    recorded = 0
    for row in rows:
        charge_id, attempt = row["charge_id"], row["attempts"] + 1
        try:
            customer = await provider.customer(row["organisation_id"], row["currency"], row["details"] or {})
            payment = await provider.charge(customer, row["amount"], row["currency"],
                                            account_charges.idempotency_key(charge_id, attempt),
                                            f"Consumption up to {row['hour']:%Y-%m-%d %H}:00 UTC")  # fmt: skip
        except Exception as exc:  # noqa: BLE001 (a provider fault leaves the charge due for the next tick)
            log.warning("consumption_charge_not_collected", charge_id=charge_id, error=repr(exc))
            continue
        recorded += await _answer(run, charge_id, attempt, provider.name, payment, now)
    return recorded


async def _answer(run: Runner, charge_id: str, attempt: int, provider: str, payment: payments.Payment,
                  now: datetime) -> int:  # fmt: skip
    async def unit(work: Work) -> int:
        await decide(
            work,
            charge_id,
            account_charges.fold,
            partial(account_charges.settle, attempt=attempt, provider=provider, payment=payment, now=now),
        )
        return len(work.recorded)

    answered: int = await run(unit)
    return answered
