"""Granting free credits (A133) to an organisation billing knows, in its current currency unless told."""

from __future__ import annotations

import uuid
from decimal import Decimal

from billing.contract.schemas import Currency
from billing.domain import credits
from billing.service_layer.ports import Organisations
from billing.service_layer.units import decide
from common.errors import NotFound
from common.unit_of_work import Runner, UnitOfWork


async def grant(
    run: Runner, organisations: Organisations, organisation_id: int, amount: Decimal, currency: Currency | None,
    note: str | None, granted_by: uuid.UUID | None,
) -> uuid.UUID:  # fmt: skip
    current = await organisations.currency_of(organisation_id)
    if current is None:
        raise NotFound("organisation not found")
    credit_id, in_currency = uuid.uuid4(), currency or current

    async def unit(work: UnitOfWork) -> None:
        await decide(work, credits.stream_id(organisation_id), credits.fold,
                     lambda granted: credits.grant(granted, organisation_id, credit_id, in_currency, amount, note,
                                                   granted_by))  # fmt: skip

    await run(unit)
    return credit_id
