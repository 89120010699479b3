"""What one run of the hourly consumption records for an organisation: the lines, then the credits drawn."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from billing.adapters import metering_reads as reads
from billing.adapters.price_reads import Versions
from billing.contract.pricing import PriceKey
from billing.contract.schemas import Currency
from billing.domain import credits
from billing.domain.events import ConsumptionRecorded, CreditDrawn, CreditsRanOut, DomainEvent
from billing.domain.hours import Span
from billing.domain.metering import Usage, charge, spans_by_hour

ITEM = "environment_hours"


async def lines(
    db: Any, s: str, organisation_id: int, hour: datetime, window: Span, since: dict[uuid.UUID, datetime],
    currency: Currency, prices: tuple[Versions, Versions],
) -> list[ConsumptionRecorded]:  # fmt: skip
    """A line for each environment and hour whose usage differs from what was recorded: ``hour`` for every
    environment, the earlier hours of ``window`` only for those that changed since."""
    running = await reads.running(db, s, organisation_id, window.start, window.end)
    used = spans_by_hour(((r.environment_id, r.start, r.end) for r in running), window)
    recorded = await reads.recorded(db, s, organisation_id, window.start, window.end)
    keys = sorted(k for k in used.keys() | recorded.keys() if k[1] == hour or (k[0] in since and k[1] >= since[k[0]]))
    instance = await reads.instance_types(db, s, list({environment_id for environment_id, _ in keys}))
    found = []
    for environment_id, usage_hour in keys:
        before, in_currency = recorded.get((environment_id, usage_hour), (Usage(), currency))
        key = PriceKey(currency=cast(Currency, in_currency), item=ITEM, instance_type=instance[environment_id])
        should = charge(used.get((environment_id, usage_hour), []), prices[0].get(key, []), prices[1].get(key, []))
        if delta := should - before:
            found.append(ConsumptionRecorded(
                organisation_id=organisation_id, hour=hour, usage_hour=usage_hour,
                kind="usage" if usage_hour == hour else "adjustment", item=ITEM, environment_id=environment_id,
                instance_type=key.instance_type, currency=key.currency, seconds=delta.seconds, amount=delta.amount,
            ))  # fmt: skip
    return found


async def draw_credits(
    db: Any, s: str, organisation_id: int, hour: datetime, currencies: Collection[str],
    new: Sequence[ConsumptionRecorded],
) -> list[DomainEvent]:  # fmt: skip
    drawn: list[DomainEvent] = []
    for currency in sorted(currencies):
        balances = await reads.balances(db, s, organisation_id, currency)
        owed = await reads.owed(db, s, organisation_id, currency)
        owed += sum((line.amount for line in new if line.currency == currency), Decimal(0))
        drawn += credits_drawn(organisation_id, hour, cast(Currency, currency), balances, owed)
    return drawn


def credits_drawn(
    organisation_id: int, hour: datetime, currency: Currency, balances: Sequence[credits.Balance], owed: Decimal
) -> list[DomainEvent]:
    """The draws that make the credits cover ``owed``, and ``CreditsRanOut`` when they take the last of them."""
    moves = credits.draws(balances, owed)
    drawn: list[DomainEvent] = [CreditDrawn(organisation_id=organisation_id, hour=hour, credit_id=credit_id,
                                            amount=amount) for credit_id, amount in moves.items()]  # fmt: skip
    left_before = sum((b.amount - b.drawn for b in balances), Decimal(0))
    if left_before > 0 and left_before - sum(moves.values(), Decimal(0)) == 0:
        drawn.append(CreditsRanOut(organisation_id=organisation_id, hour=hour, currency=currency))
    return drawn
