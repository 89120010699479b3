"""What one run of the hourly consumption records for an organisation: the lines, then what pays for them (credits
drawn, or a charge to its account)."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from billing.adapters import metering_reads as reads
from billing.adapters.agreement_reads import on_account
from billing.adapters.price_reads import Versions
from billing.contract.pricing import PriceKey
from billing.contract.schemas import Currency
from billing.domain import account_charges, credits
from billing.domain.endpoint_usage import SIDES, BandInterval, owner_pays, while_billed
from billing.domain.events import (
    ConsumptionCharged,
    ConsumptionRecorded,
    CreditDrawn,
    CreditsRanLow,
    CreditsRanOut,
    DomainEvent,
)
from billing.domain.hours import HOUR, Span
from billing.domain.metering import Usage, charge, spans_by_hour

ENVIRONMENT_HOURS = "environment_hours"


async def lines(
    db: Any, s: str, organisation_id: int, hour: datetime, window: Span, since: dict[uuid.UUID, datetime],
    currency: Currency, prices: tuple[Versions, Versions],
) -> list[ConsumptionRecorded]:  # fmt: skip
    """A line for each meter (an environment's hours; an input's or output's in a band) and hour whose usage differs
    from what was recorded: ``hour`` for every meter, the earlier hours of ``window`` only for those on an environment
    that changed since."""
    used = await _used(db, s, organisation_id, window)
    recorded = await reads.recorded(db, s, organisation_id, window.start, window.end)
    keys = sorted((k for k in used.keys() | recorded.keys() if k[1] == hour or k[1] >= since.get(k[0][0], k[1] + HOUR)),
                  key=lambda k: (k[0][0], k[0][1] or "", k[0][2] or 0, k[0][3] or 0, k[0][4] or "", k[1]))  # fmt: skip
    instance = await reads.instance_types(db, s, list({meter[0] for meter, _ in keys}))
    found = []
    for meter, usage_hour in keys:
        environment_id, output_id, bitrate, taker, input_id = meter
        before, in_currency = recorded.get((meter, usage_hour), (Usage(), currency))
        side = "output" if output_id is not None else "input" if input_id is not None else None
        key = (PriceKey(currency=cast(Currency, in_currency), item=ENVIRONMENT_HOURS,
                        instance_type=instance.get(environment_id)) if side is None
               else PriceKey(currency=cast(Currency, in_currency), item=SIDES[side], bitrate=bitrate))  # fmt: skip
        should = charge(used.get((meter, usage_hour), []), prices[0].get(key, []), prices[1].get(key, []))
        if delta := should - before:
            found.append(ConsumptionRecorded(
                organisation_id=organisation_id, hour=hour, usage_hour=usage_hour,
                kind="usage" if usage_hour == hour else "adjustment", item=key.item, environment_id=environment_id,
                instance_type=key.instance_type, currency=key.currency, seconds=delta.seconds, amount=delta.amount,
                output_id=output_id, bitrate=bitrate, taker_organisation_id=taker, input_id=input_id,
            ))  # fmt: skip
    return found


async def _used(db: Any, s: str, organisation_id: int, window: Span) -> dict[tuple[reads.Meter, datetime], list[Span]]:
    """What ran in ``window`` by meter and hour: the environments, and the inputs and outputs while their environment
    is billed, each paid by its owner or taker or, for a guest's output while its invitation says so, by the source
    owner (decision 78)."""
    environments = await reads.running(db, s, organisation_id, window.start, window.end)
    endpoints = await reads.endpoints_running(db, s, organisation_id, window.start, window.end)
    billed = await reads.billed(db, s, list({o.environment_id for o in endpoints}), window.start, window.end)
    guests = {(o.owner, o.taker) for o in endpoints if o.owner is not None and o.owner != o.taker}
    paying = await reads.guest_billing(db, s, sorted(guests))
    ran: list[tuple[reads.Meter, datetime, datetime | None]] = [
        ((r.environment_id, None, None, None, None), r.start, r.end) for r in environments
    ]
    for o in endpoints:
        endpoint = BandInterval(o.start, o.end, o.bitrate)
        guest = o.side == "output" and o.owner is not None and o.owner != o.taker
        parts = owner_pays(endpoint, paying.get((o.owner, o.taker), [])) if guest else [(endpoint, False)]  # type: ignore[arg-type]
        for part, by_owner in parts:
            if by_owner != (o.taker != organisation_id):
                continue  # the other organisation pays this part
            meter: reads.Meter = (
                (o.environment_id, o.endpoint_id, o.bitrate, o.taker if by_owner else None, None)
                if o.side == "output"
                else (o.environment_id, None, o.bitrate, None, o.endpoint_id)
            )
            ran += [(meter, p.start, p.end) for p in while_billed(part, billed.get(o.environment_id, []))]
    return spans_by_hour(ran, window)


async def pay(
    db: Any, s: str, organisation_id: int, hour: datetime, currencies: Collection[str],
    new: Sequence[ConsumptionRecorded],
) -> tuple[list[DomainEvent], list[ConsumptionCharged]]:  # fmt: skip
    """Per currency, what pays for everything owed so far: the credits drawn (and crossings of their low and empty
    lines) or, for an organisation billed on account, a charge of what credits and earlier charges do not cover."""
    drawn: list[DomainEvent] = []
    charges: list[ConsumptionCharged] = []
    for currency in sorted(currencies):
        balances = await reads.balances(db, s, organisation_id, currency)
        owed = await reads.owed(db, s, organisation_id, currency)
        owed += sum((line.amount for line in new if line.currency == currency), Decimal(0))
        if await on_account(db, s, organisation_id, currency):
            uncovered = owed - sum((b.drawn for b in balances), Decimal(0))
            charges += [account_charges.charge(organisation_id, hour, currency, uncovered)] if uncovered > 0 else []
        else:
            drawn += credits_drawn(organisation_id, hour, cast(Currency, currency), balances, owed)
    return drawn, charges


def credits_drawn(
    organisation_id: int, hour: datetime, currency: Currency, balances: Sequence[credits.Balance], owed: Decimal
) -> list[DomainEvent]:
    """The draws that make the credits cover ``owed``, and the crossing of the low or empty line they make."""
    moves = credits.draws(balances, owed)
    drawn: list[DomainEvent] = [CreditDrawn(organisation_id=organisation_id, hour=hour, credit_id=credit_id,
                                            amount=amount) for credit_id, amount in moves.items()]  # fmt: skip
    crossing = credits.crossed(balances, moves)
    if crossing is not None:
        told = CreditsRanOut if crossing == "exhausted" else CreditsRanLow
        drawn.append(told(organisation_id=organisation_id, hour=hour, currency=currency))
    return drawn
