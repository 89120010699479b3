"""Payment providers behind ``PaymentProvider`` (decision 55), and the one the settings choose.

``LocalPaymentProvider`` calls no network: customers and payments get ids derived from what names them, so the
same organisation, currency or idempotency key always gets the same answer, across restarts and replicas, as
Stripe answers a repeated idempotency key. Like Stripe's test cards it can be told to decline: any charge above
``decline_above``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from billing.config import BillingSettings
from billing.contract.schemas import Currency
from billing.domain.payments import Customer, Payment
from billing.service_layer.ports import PaymentProvider


def _digest(*parts: object) -> str:
    return hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()[:24]


class LocalPaymentProvider:
    name = "local"

    def __init__(self, decline_above: Decimal | None = None) -> None:
        self.decline_above = decline_above

    async def customer(self, organisation_id: int, currency: Currency, details: Mapping[str, Any]) -> Customer:
        return Customer(f"local_cus_{_digest(organisation_id, currency)}")

    async def charge(self, customer: Customer, amount: Decimal, currency: Currency, idempotency_key: str,
                     description: str) -> Payment:  # fmt: skip
        payment_id = f"local_pay_{_digest(customer.id, idempotency_key)}"
        if self.decline_above is not None and amount > self.decline_above:
            return Payment(payment_id, "declined", f"the local provider declines charges above {self.decline_above}")
        return Payment(payment_id, "succeeded")


def payment_provider(settings: BillingSettings) -> PaymentProvider:
    """The provider ``SWITCHYARD_PAYMENT_PROVIDER`` names; only ``local`` ships (a Stripe adapter would be chosen
    here, with its secret key from the settings)."""
    return LocalPaymentProvider(settings.payment_decline_above)
