"""An account charge's life on its purchase stream: recorded, then taken or declined by the provider, once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from billing.domain.events import AgreementsCharged, DomainEvent, PaymentDeclined, PaymentTaken

Status = Literal["none", "pending", "taken", "declined"]


@dataclass(frozen=True)
class Customer:
    """The provider's customer for one organisation and currency (a Stripe customer is per currency too)."""

    id: str


@dataclass(frozen=True)
class Payment:
    """What the provider made of a charge: ``succeeded`` (money taken) or ``declined`` (it never will be, as
    asked); a fault (network, provider down) is an exception instead, and the charge is asked for again later."""

    id: str
    status: Literal["succeeded", "declined"]
    reason: str | None = None


def fold(events: Sequence[DomainEvent]) -> tuple[AgreementsCharged | None, Status]:
    charged: AgreementsCharged | None = None
    status: Status = "none"
    for event in events:
        match event:
            case AgreementsCharged() if event.paid_by == "account":
                charged, status = event, "pending"
            case PaymentTaken():
                status = "taken"
            case PaymentDeclined():
                status = "declined"
    return charged, status


def settle(state: tuple[AgreementsCharged | None, Status], provider: str, payment: Payment) -> list[DomainEvent]:
    """What the provider answered, recorded once: a charge already settled keeps its first outcome."""
    charged, status = state
    if charged is None or status != "pending":
        return []
    common = {"organisation_id": charged.organisation_id, "purchase_id": charged.purchase_id, "provider": provider,
              "payment_id": payment.id}  # fmt: skip
    if payment.status == "succeeded":
        return [PaymentTaken(**common)]
    return [PaymentDeclined(**common, reason=payment.reason)]
