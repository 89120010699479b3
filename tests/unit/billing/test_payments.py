"""The local payment provider answers a repeated call as Stripe answers a repeated idempotency key, and a
charge's outcome is recorded once."""

from __future__ import annotations

import uuid
from decimal import Decimal

from billing.adapters.payments import LocalPaymentProvider
from billing.domain import payments
from billing.domain.events import AgreementsCharged, PaymentDeclined, PaymentTaken


async def test_the_same_customer_and_key_get_the_same_answer_and_declines_are_told() -> None:
    provider = LocalPaymentProvider(decline_above=Decimal("100"))
    customer = await provider.customer(7, "gbp", {})
    assert customer == await LocalPaymentProvider().customer(7, "gbp", {"company_name": "Changed"})
    assert customer != await provider.customer(7, "eur", {}) != await provider.customer(8, "gbp", {})
    first = await provider.charge(customer, Decimal("100.00"), "gbp", "purchase-1", "first")
    assert first == await provider.charge(customer, Decimal("100.00"), "gbp", "purchase-1", "again")
    assert (
        first.status == "succeeded" and first.id != (await provider.charge(customer, Decimal(1), "gbp", "p-2", "")).id
    )
    declined = await provider.charge(customer, Decimal("100.01"), "gbp", "purchase-3", "too dear")
    assert declined.status == "declined" and declined.reason


def test_a_charge_is_settled_once_and_only_an_account_charge() -> None:
    purchase_id = uuid.uuid4()
    charged = AgreementsCharged(organisation_id=7, purchase_id=purchase_id, currency="usd", amount=Decimal("75.00"),
                                paid_by="account")  # fmt: skip
    taken = payments.settle(payments.fold([charged]), "local", payments.Payment("pay_1", "succeeded"))
    assert taken == [PaymentTaken(organisation_id=7, purchase_id=purchase_id, provider="local", payment_id="pay_1")]
    assert payments.settle(payments.fold([charged, *taken]), "local", payments.Payment("pay_2", "declined")) == []
    declined = payments.settle(payments.fold([charged]), "local", payments.Payment("pay_3", "declined", "no"))
    assert isinstance(declined[0], PaymentDeclined) and declined[0].reason == "no"
    on_credits = charged.model_copy(update={"paid_by": "credits"})
    assert payments.settle(payments.fold([on_credits]), "local", payments.Payment("pay_4", "succeeded")) == []
