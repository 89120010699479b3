"""The hourly consumption run (decision 47): close each organisation's next complete hour, once.

Closing an hour records, on the stream of that organisation and hour, a line for every environment whose
usage differs from what earlier runs recorded (its usage of the hour; adjustments of closed hours a late
change touched), the credits drawn, and ``HourClosed``. Two replicas closing one hour collide on that stream;
the runner's retry of the loser finds it closed and moves on to the next hour, if that one is due.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import partial
from typing import Any

from billing.adapters import metering_reads as reads
from billing.adapters.organisations import DEFAULT_CURRENCY, PostgresOrganisations
from billing.adapters.price_reads import Versions, versions
from billing.domain import account_charges
from billing.domain.events import ConsumptionCharged, DomainEvent, HourClosed
from billing.domain.hours import HOUR, Span, hour_of
from billing.service_layer.agreements import finish_expired
from billing.service_layer.consumption_lines import lines, pay
from billing.service_layer.units import decide
from common.db import CUSTOM_PLANS
from common.unit_of_work import Runner, Work


def stream_id(organisation_id: int, hour: datetime) -> str:
    return f"consumption-{organisation_id}-{hour:%Y%m%dT%H}"


def _charge_once(charged: ConsumptionCharged, state: account_charges.Charge) -> list[DomainEvent]:
    return [] if state.charged else [charged]


def _closed(events: Sequence[DomainEvent]) -> bool:
    return bool(events)


async def close_next_hour(
    run: Runner, organisation_id: int, now: datetime, default: Versions | None = None
) -> tuple[datetime, bool] | None:
    """The next hour and whether this call closed it (False: another replica did first), or None when the
    organisation's next hour is not complete at ``now``. ``default``: the default prices, if already read."""

    chosen: list[datetime] = []  # the hour the first attempt took on: a retry finishes that one, or sees it done

    async def unit(work: Work) -> tuple[datetime, bool] | None:
        db, s = work.conn, work.schema
        # the run reads the same statements for every organisation, on tables that grow every hour: each planned for
        # its organisation's values, never with a plan kept from while they were small (decision 93)
        await db.execute(CUSTOM_PLANS)
        hour = await reads.next_hour(db, s, organisation_id)
        if chosen and hour != chosen[0]:
            # Another replica closed our hour. Taking on the next one within this call would let two replicas
            # leapfrog through a catch-up, one losing every hour until its retries run out.
            return chosen[0], False
        if hour is None or hour + HOUR > now:
            return None
        chosen[:] = [hour]
        # Changes are read before the intervals: a change committed in between is then in the intervals and
        # its note is kept for the next run, instead of being forgotten while missing from what was priced.
        seen = await reads.changed(db, s, organisation_id)
        since = _since(seen, hour)
        window = Span(min([hour, *since.values()]), hour + HOUR)
        currency = await PostgresOrganisations(db, s).currency_of(organisation_id) or DEFAULT_CURRENCY
        prices = default or await versions(db, s, None, None), await versions(db, s, organisation_id, None)
        found = await lines(db, s, organisation_id, hour, window, since, currency, prices)
        drawn, charges = await pay(db, s, organisation_id, hour, {currency, *(line.currency for line in found)}, found)
        events = [*found, *drawn, HourClosed(organisation_id=organisation_id, hour=hour)]
        await decide(work, stream_id(organisation_id, hour), _closed, lambda closed: [] if closed else events)
        if work.recorded:
            for charged in charges:
                await decide(work, charged.charge_id, account_charges.fold, partial(_charge_once, charged))
            await reads.forget_changed(db, s, seen)
        return hour, bool(work.recorded)

    result: tuple[datetime, bool] | None = await run(unit)
    return result


def _since(seen: Sequence[reads.Changed], hour: datetime) -> dict[Any, datetime]:
    """For each changed environment, the first hour whose usage may differ from what was recorded."""
    since: dict[Any, datetime] = {}
    for change in seen:
        first = min(hour_of(change.since), hour)
        since[change.environment_id] = min(since.get(change.environment_id, first), first)
    return since


async def close_due(run: Runner, db: Any, schema: str, now: datetime) -> int:
    """Close every complete hour of every organisation, the missed ones first, and finish the agreements that
    expired by ``now``; returns how many hours were closed."""
    closed = 0
    # read once for every organisation: a new default version starts no earlier than it is made (decision 46's
    # versions), after ``now``, so it cannot price an hour complete at ``now``
    default = await versions(db, schema, None, None)
    for organisation_id, hour in sorted((await reads.next_hours(db, schema)).items()):
        while hour + HOUR <= now and (done := await close_next_hour(run, organisation_id, now, default)) is not None:
            closed, hour = closed + done[1], done[0] + HOUR
    await finish_expired(run, db, schema, now)
    return closed
