"""Use cases around prices (A015, A018) and the defaults billing starts with.

Each price is a stream of versions; a write decides on that stream alone, so two versions of one price take
turns and neither is lost.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from functools import partial

from billing.contract.pricing import PriceKey
from billing.domain import defaults, prices
from billing.domain.prices import Version
from billing.service_layer.ports import Organisations
from billing.service_layer.units import decide
from common.errors import NotFound
from common.unit_of_work import Runner, UnitOfWork


async def set_default(run: Runner, key: PriceKey, amount: Decimal, valid_from: datetime | None,
                      now: datetime | None = None) -> Version:  # fmt: skip
    return await _add(run, key, None, amount, valid_from, now or datetime.now(UTC))


async def set_custom(
    run: Runner, organisations: Organisations, organisation_id: int, key: PriceKey, amount: Decimal,
    valid_from: datetime | None, now: datetime | None = None,
) -> Version:  # fmt: skip
    if await organisations.currency_of(organisation_id) is None:
        raise NotFound("organisation not found")
    return await _add(run, key, organisation_id, amount, valid_from, now or datetime.now(UTC))


async def seed_defaults(run: Runner) -> None:
    """Give every default price that has no version its first one; run at every start, it adds only what is missing."""

    async def unit(work: UnitOfWork) -> None:
        for key, amount in defaults.default_prices():
            first = partial(prices.seed, key=key, amount=amount, valid_from=defaults.SEEDED_FROM)
            await decide(work, prices.stream_id(key), prices.fold, first)

    await run(unit)


async def _add(run: Runner, key: PriceKey, organisation_id: int | None, amount: Decimal, valid_from: datetime | None,
               now: datetime) -> Version:  # fmt: skip
    start = valid_from or now

    async def unit(work: UnitOfWork) -> None:
        add = partial(prices.add_version, key=key, organisation_id=organisation_id, amount=amount,
                      valid_from=start, now=now)  # fmt: skip
        await decide(work, prices.stream_id(key, organisation_id), prices.fold, add)

    await run(unit)
    return Version(amount, start)
