"""Billing use cases on the in-memory unit of work: defaults seeded once, credits only for known organisations."""

from __future__ import annotations

from decimal import Decimal

import pytest

from billing.adapters import event_codec
from billing.contract.schemas import Currency
from billing.domain import credits, defaults
from billing.service_layer import credits as credit_cases
from billing.service_layer import pricing
from common.errors import NotFound
from tests.unit.streams.service import InterleavingRunner


class MemoryOrganisations:
    def __init__(self, **currencies: Currency) -> None:
        self.currencies = {int(k.removeprefix("org")): v for k, v in currencies.items()}

    async def currency_of(self, organisation_id: int) -> Currency | None:
        return self.currencies.get(organisation_id)


async def test_default_prices_are_seeded_once_however_often_billing_starts() -> None:
    run = InterleavingRunner()
    await pricing.seed_defaults(run)
    await pricing.seed_defaults(run)
    assert len(run.store.committed) == len(defaults.default_prices()) == 3 * 42


async def test_credits_are_granted_in_the_organisations_currency_to_known_organisations_only() -> None:
    run, organisations = InterleavingRunner(), MemoryOrganisations(org7="gbp")
    credit_id = await credit_cases.grant(run, organisations, 7, Decimal("5"), None, "hello", None)
    granted = credits.fold(event_codec.decode_all(await run.store.load(credits.stream_id(7))))
    assert granted[credit_id].currency == "gbp" and granted[credit_id].amount == Decimal("5")
    with pytest.raises(NotFound):
        await credit_cases.grant(run, organisations, 8, Decimal("5"), None, None, None)
