"""Use cases around billing details (A011, A012): one stream per organisation and currency."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from billing.adapters.organisations import DEFAULT_CURRENCY
from billing.contract.schemas import Currency
from billing.domain import details
from billing.service_layer.ports import Organisations
from billing.service_layer.units import decide
from common.unit_of_work import Runner, UnitOfWork


async def currency_for(organisations: Organisations, organisation_id: int, asked: Currency | None) -> Currency:
    """The currency asked for, else the organisation's current one (usd until the gateway says otherwise)."""
    return asked or await organisations.currency_of(organisation_id) or DEFAULT_CURRENCY


async def save(run: Runner, organisation_id: int, currency: Currency, fields: Mapping[str, Any]) -> None:
    async def unit(work: UnitOfWork) -> None:
        await decide(work, details.stream_id(organisation_id, currency), details.fold,
                     lambda before: details.save(before, organisation_id, currency, fields))  # fmt: skip

    await run(unit)
