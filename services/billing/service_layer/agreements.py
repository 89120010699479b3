"""Buying permanent-schedule agreements (A008), assigning and releasing them as outputs come and go, finishing
them when they expire (decision 54).

A purchase prices every agreement with the A017 price in force now (custom over default) in the organisation's
current currency. On credits it is refused unless they cover it, and draws them in the same transaction; on
account the charge is recorded for the payment provider.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import Any

from billing.adapters import agreement_reads, metering_reads
from billing.adapters.organisations import PostgresOrganisations
from billing.adapters.price_reads import versions
from billing.contract.pricing import PriceKey
from billing.contract.schemas import Currency
from billing.domain import agreements
from billing.domain.events import AgreementPurchased, AgreementsCharged, DomainEvent
from billing.domain.hours import hour_of
from billing.domain.prices import quote
from billing.service_layer.consumption_lines import credits_drawn
from billing.service_layer.units import decide
from common.errors import Conflict, NotFound
from common.logging import get_logger
from common.unit_of_work import Runner, Work

log = get_logger(__name__)
ITEM = "permanent_schedule"


async def purchase(
    run: Runner, organisation_id: int, bitrate: int, duration_months: int, count: int, now: datetime
) -> uuid.UUID:
    """The purchase's id: its agreements are those with that ``purchase_id``."""
    purchase_id = uuid.uuid4()

    async def unit(work: Work) -> None:
        db, s = work.conn, work.schema
        currency = await PostgresOrganisations(db, s).currency_of(organisation_id)
        if currency is None:
            raise NotFound("organisation not found")
        price = await _price(db, s, organisation_id, PriceKey(currency=currency, item=ITEM, bitrate=bitrate,
                                                               duration_months=duration_months), now)  # fmt: skip
        each = agreements.charge(price)
        on_account = await agreement_reads.on_account(db, s, organisation_id, currency)
        paid_by = "account" if on_account else "credits"
        drawn = [] if on_account else await _draw(db, s, organisation_id, currency, each * count, now)
        for _ in range(count):
            agreement_id = uuid.uuid4()
            bought = AgreementPurchased(
                organisation_id=organisation_id, agreement_id=agreement_id, purchase_id=purchase_id,
                bitrate=bitrate, duration_months=duration_months, currency=currency, price=each, paid_by=paid_by,
                purchased_at=now, expires_at=agreements.add_months(now, duration_months),
            )  # fmt: skip
            await decide(work, agreements.stream_id(agreement_id), agreements.fold,
                         partial(agreements.buy, purchased=bought))  # fmt: skip
        charged = AgreementsCharged(organisation_id=organisation_id, purchase_id=purchase_id, currency=currency,
                                    amount=each * count, paid_by=paid_by)  # fmt: skip
        await decide(work, agreements.purchase_stream_id(purchase_id), _nothing, lambda _: [charged, *drawn])

    await run(unit)
    return purchase_id


def _nothing(_: Any) -> None:
    return None


async def _price(db: Any, s: str, organisation_id: int, key: PriceKey, now: datetime) -> Decimal:
    default = await versions(db, s, None, key.currency, ITEM)
    custom = await versions(db, s, organisation_id, key.currency, ITEM)
    quoted = quote(default.get(key, []), custom.get(key, []), now)
    if quoted is None:
        raise Conflict(f"no permanent-schedule price is in force for {key.bitrate} Mbit/s over "
                       f"{key.duration_months} months in {key.currency}")  # fmt: skip
    return quoted[0].amount


async def _draw(
    db: Any, s: str, organisation_id: int, currency: Currency, cost: Decimal, now: datetime
) -> list[DomainEvent]:
    balances = await metering_reads.balances(db, s, organisation_id, currency)  # locked: see there
    owed = await metering_reads.owed(db, s, organisation_id, currency)
    if not agreements.covered(balances, owed, cost):
        raise Conflict(f"the organisation's credits in {currency} do not cover {cost} {currency}; "
                       "switch to account billing or ask for more credits")  # fmt: skip
    return credits_drawn(organisation_id, hour_of(now), currency, balances, owed + cost)


async def assign(work: Work, organisation_id: int, agreement_id: uuid.UUID, output_id: str,
                 environment_id: uuid.UUID) -> None:  # fmt: skip
    state = await decide(work, agreements.stream_id(agreement_id), agreements.fold,
                         partial(agreements.assign, organisation_id=organisation_id, output_id=output_id,
                                 environment_id=environment_id))  # fmt: skip
    if not work.recorded and (state is None or state.output_id != output_id):
        # an event cannot be refused: the output stays without an agreement, which the scheduler sees in its read
        # model (no AgreementAssigned for it) and streams is to check before binding
        log.warning("agreement_not_assignable", agreement_id=str(agreement_id), output_id=output_id,
                    known=state is not None, finished=state is not None and state.finished)  # fmt: skip


async def release(work: Work, agreement_id: uuid.UUID, output_id: str | None = None) -> None:
    await decide(work, agreements.stream_id(agreement_id), agreements.fold,
                 lambda state: agreements.release(state, output_id))  # fmt: skip


async def release_environment(work: Work, environment_id: uuid.UUID) -> None:
    """An environment deleted (A032) releases every agreement its outputs held."""
    for agreement_id in await agreement_reads.assigned_on(work.conn, work.schema, environment_id):
        await release(work, agreement_id)


async def finish_expired(run: Runner, db: Any, schema: str, now: datetime) -> int:
    """Finish every agreement whose expiry has passed, each once: part of the hourly consumption run."""
    finished = 0
    for agreement_id in await agreement_reads.due(db, schema, now):

        async def unit(work: Work, agreement_id: uuid.UUID = agreement_id) -> bool:
            await decide(work, agreements.stream_id(agreement_id), agreements.fold,
                         lambda state: agreements.finish(state, now))  # fmt: skip
            return bool(work.recorded)

        finished += await run(unit)
    return finished
