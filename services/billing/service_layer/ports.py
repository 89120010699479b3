"""What billing's use cases need beside their streams: the organisations the gateway told us of (Postgres
implements it in ``billing.adapters.organisations``; the unit tests have an in-memory fake), and the payment
provider (``billing.adapters.payments``).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Protocol

from billing.contract.schemas import Currency
from billing.domain.payments import Customer, Payment


class Organisations(Protocol):
    async def currency_of(self, organisation_id: int) -> Currency | None:
        """The organisation's current currency; ``None`` if billing has not heard of it or it was deleted."""


class PaymentProvider(Protocol):
    """Takes payments from organisations billed on account (decision 55). ``LocalPaymentProvider`` serves it with
    no network; a Stripe adapter implements the same two calls against Stripe's Customers and PaymentIntents."""

    name: str

    async def customer(self, organisation_id: int, currency: Currency, details: Mapping[str, Any]) -> Customer:
        """The customer for the organisation in ``currency``, made from its billing details if there is none;
        the same customer every time."""

    async def charge(self, customer: Customer, amount: Decimal, currency: Currency, idempotency_key: str,
                     description: str) -> Payment:  # fmt: skip
        """Charge ``amount`` (the minor unit's decimal, e.g. ``12.34``) once per ``idempotency_key``: asking again
        with the same key answers the first payment instead of taking the money twice."""
