"""A consumption charge's life on its own stream (decision 79): charged by the hourly run, then asked of the payment
provider attempt by attempt, a declined attempt asked again after a growing pause, until it is taken or the last
attempt is declined. Each attempt has its own idempotency key: a provider keeps the first answer to a key, a
decline too, so asking again under the same key could never succeed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Literal

from billing.domain.events import (
    ChargeAttemptDeclined,
    ChargeDeclined,
    ChargeTaken,
    ConsumptionCharged,
    DomainEvent,
)
from billing.domain.payments import Payment

MAX_ATTEMPTS = 4
FIRST_PAUSE = timedelta(hours=1)  # then 4 h, then 16 h: a card topped up the next day still pays
PAUSE_GROWTH = 4

Status = Literal["none", "pending", "taken", "declined"]


def stream_id(organisation_id: int, hour: datetime, currency: str) -> str:
    return f"consumption-charge-{organisation_id}-{hour:%Y%m%dT%H}-{currency}"


def charge(organisation_id: int, hour: datetime, currency: str, amount: Decimal) -> ConsumptionCharged:
    return ConsumptionCharged(organisation_id=organisation_id, charge_id=stream_id(organisation_id, hour, currency),
                              hour=hour, currency=currency, amount=amount)  # fmt: skip


def idempotency_key(charge_id: str, attempt: int) -> str:
    return f"{charge_id}-attempt-{attempt}"


def pause_after(attempt: int) -> timedelta:
    return FIRST_PAUSE * int(PAUSE_GROWTH ** (attempt - 1))


@dataclass(frozen=True)
class Charge:
    charged: ConsumptionCharged | None = None
    status: Status = "none"
    attempts: int = 0  # declined so far


def fold(events: Sequence[DomainEvent]) -> Charge:
    state = Charge()
    for event in events:
        match event:
            case ConsumptionCharged():
                state = Charge(event, "pending")
            case ChargeAttemptDeclined():
                state = Charge(state.charged, "pending", event.attempt)
            case ChargeTaken():
                state = Charge(state.charged, "taken", event.attempt)
            case ChargeDeclined():
                state = Charge(state.charged, "declined", event.attempt)
    return state


def settle(state: Charge, attempt: int, provider: str, payment: Payment, now: datetime) -> list[DomainEvent]:
    """The provider's answer to ``attempt``, recorded once: an answer to an attempt already settled (a replica asked
    too) changes nothing."""
    if state.charged is None or state.status != "pending" or attempt != state.attempts + 1:
        return []
    about = {"organisation_id": state.charged.organisation_id, "charge_id": state.charged.charge_id,
             "attempt": attempt, "provider": provider, "payment_id": payment.id}  # fmt: skip
    if payment.status == "succeeded":
        return [ChargeTaken(**about)]
    if attempt < MAX_ATTEMPTS:
        return [ChargeAttemptDeclined(**about, reason=payment.reason, retry_at=now + pause_after(attempt))]
    charged = state.charged
    return [ChargeDeclined(**about, reason=payment.reason, hour=charged.hour, currency=charged.currency,
                           amount=charged.amount)]  # fmt: skip
