"""Cutting usage at hour and price-version boundaries loses nothing, and credits are drawn to what is owed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from billing.domain.credits import Balance, draws
from billing.domain.hours import Span, cut, hour_of, hours
from billing.domain.metering import charge, exact_cost
from billing.domain.prices import Version

T0 = datetime(2026, 3, 1, tzinfo=UTC)
micros = st.integers(0, 3 * 24 * 3600 * 10**6).map(lambda us: T0 + timedelta(microseconds=us))
prices = st.decimals(min_value=0, max_value=100, places=4)
versions = st.lists(st.tuples(micros, prices), max_size=4, unique_by=lambda v: v[0]).map(
    lambda vs: [Version(amount, at) for at, amount in sorted(vs)]
)
spans = st.tuples(micros, micros).filter(lambda ab: ab[0] < ab[1]).map(lambda ab: Span(*ab))


@given(spans, st.lists(micros, max_size=6))
def test_pieces_at_hours_and_at_price_changes_sum_to_the_whole(span: Span, instants: list[datetime]) -> None:
    by_hour = hours(span)
    assert all(hour_of(p.start) == hour_of(p.end - timedelta(microseconds=1)) for p in by_hour)
    assert sum(p.seconds for p in by_hour) == span.seconds
    assert sum(p.seconds for p in cut(span, instants)) == span.seconds
    assert sum(q.seconds for p in by_hour for q in cut(p, instants)) == span.seconds


@given(spans, versions, versions)
def test_cost_of_the_pieces_is_the_cost_of_the_whole(span: Span, default: list[Version], custom: list[Version]) -> None:
    whole = exact_cost(span, default, custom)
    assert abs(sum(exact_cost(p, default, custom) for p in hours(span)) - whole) < Decimal("1e-20")


def test_an_hour_is_priced_by_the_version_in_force_custom_over_default_and_rounded_once() -> None:
    default = [Version(Decimal("0.45"), T0 - timedelta(days=1))]
    custom = [Version(Decimal("0.30"), T0 + timedelta(minutes=30))]
    used = charge([Span(T0, T0 + timedelta(minutes=20)), Span(T0 + timedelta(minutes=40), T0 + timedelta(hours=1))],
                  default, custom)  # fmt: skip
    # 20 min at 0.45 = 0.15, 20 min at 0.30 = 0.10
    assert (used.seconds, used.amount) == (Decimal(2400), Decimal("0.25"))
    assert charge([Span(T0, T0 + timedelta(seconds=1))], default, []).amount == Decimal("0.00")


def _balances(*rows: tuple[str, str]) -> list[Balance]:
    return [Balance(uuid.UUID(int=i), Decimal(a), Decimal(d)) for i, (a, d) in enumerate(rows)]


def test_credits_are_drawn_oldest_first_once_and_given_back_newest_first() -> None:
    credits = _balances(("10", "0"), ("5", "0"))
    assert draws(credits, Decimal("12.50")) == {uuid.UUID(int=0): Decimal(10), uuid.UUID(int=1): Decimal("2.50")}
    after = _balances(("10", "10"), ("5", "2.50"))
    assert draws(after, Decimal("12.50")) == {}
    assert draws(after, Decimal("9")) == {uuid.UUID(int=1): Decimal("-2.50"), uuid.UUID(int=0): Decimal("-1")}
    assert draws(after, Decimal("100")) == {uuid.UUID(int=1): Decimal("2.50")}
