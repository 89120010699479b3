"""Agreements: expiry is calendar months later, a purchase costs the sum of its rounded prices, credits cover a
purchase only when they cover everything owed too, and an agreement is assigned once, released, finished once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from billing.domain import agreements
from billing.domain.credits import Balance, draws
from billing.domain.events import (
    AgreementAssigned,
    AgreementFinished,
    AgreementPurchased,
    AgreementReleased,
    DomainEvent,
)

instants = st.datetimes(datetime(2020, 1, 1), datetime(2040, 1, 1), timezones=st.just(UTC))
months = st.sampled_from([1, 3, 6, 12])
prices = st.decimals(min_value=0, max_value=10**8, places=4)
amounts = st.decimals(min_value=Decimal("0.01"), max_value=10**6, places=2)


@given(instants, months, months)
def test_expiry_is_the_same_day_and_time_months_later_or_that_months_last_day(start: datetime, m: int, n: int) -> None:
    end = agreements.add_months(start, m)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == m
    assert end.time() == start.time() and end.tzinfo == start.tzinfo
    assert end.day == start.day or (end.day < start.day and (end + timedelta(days=1)).month != end.month)
    assert timedelta(days=28 * m) <= end - start <= timedelta(days=31 * m)
    assert agreements.add_months(start, m + n) >= agreements.add_months(end, n)


@given(prices, st.integers(1, 10))
def test_a_purchase_costs_the_sum_of_its_agreements_each_rounded_once(price: Decimal, count: int) -> None:
    each = agreements.charge(price)
    assert each.as_tuple().exponent == -2 and abs(each - price) <= Decimal("0.005")
    assert sum([each] * count, Decimal(0)) == each * count


@given(st.lists(amounts, max_size=4), st.decimals(min_value=-100, max_value=10**6, places=2), amounts)
def test_credits_cover_a_purchase_only_if_drawing_for_it_leaves_none_of_it_unpaid(
    granted: list[Decimal], owed: Decimal, cost: Decimal
) -> None:
    balances = [Balance(uuid.uuid4(), amount, Decimal(0)) for amount in granted]
    moves = draws(balances, owed + cost)
    drawn = sum(moves.values(), Decimal(0))
    assert agreements.covered(balances, owed, cost) == (drawn == max(owed + cost, Decimal(0)))


def _bought(expires_at: datetime) -> AgreementPurchased:
    return AgreementPurchased(
        organisation_id=7, agreement_id=uuid.uuid4(), purchase_id=uuid.uuid4(), bitrate=5, duration_months=1,
        currency="usd", price=Decimal("75.00"), paid_by="credits", purchased_at=expires_at - timedelta(days=31),
        expires_at=expires_at,
    )  # fmt: skip


def test_an_agreement_is_assigned_once_released_and_finished_once() -> None:
    expiry, environment = datetime(2026, 5, 1, tzinfo=UTC), uuid.uuid4()
    bought = _bought(expiry)
    history: list[DomainEvent] = [bought]
    assert agreements.buy(agreements.fold(history), bought) == []
    assert agreements.assign(agreements.fold(history), 8, "out-1", environment) == [], "another organisation's"
    history += agreements.assign(agreements.fold(history), 7, "out-1", environment)
    assert isinstance(history[-1], AgreementAssigned)
    assert agreements.assign(agreements.fold(history), 7, "out-2", environment) == []
    assert agreements.release(agreements.fold(history), "out-2") == []
    history += agreements.release(agreements.fold(history), "out-1")
    released = agreements.fold(history)
    assert isinstance(history[-1], AgreementReleased) and released is not None and released.assignable
    history += agreements.assign(agreements.fold(history), 7, "out-2", environment)
    assert agreements.finish(agreements.fold(history), expiry - timedelta(microseconds=1)) == []
    history += agreements.finish(agreements.fold(history), expiry + timedelta(days=3))
    assert history[-1] == AgreementFinished(organisation_id=7, agreement_id=bought.agreement_id,
                                            output_id="out-2", finished_at=expiry)  # fmt: skip
    assert agreements.finish(agreements.fold(history), expiry + timedelta(days=4)) == []
    assert agreements.release(agreements.fold(history)) == []
    assert agreements.assign(agreements.fold(history), 7, "out-3", environment) == []
