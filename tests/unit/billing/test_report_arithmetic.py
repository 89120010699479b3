"""Reports: a range of days covers exactly its hours, defaults never reverse, a date is only YYYY-MM-DD, and
totals by item and by day add up exactly to the sum of the lines."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from billing.domain import reports
from common.errors import Invalid

days = st.dates(date(2000, 1, 1), date(2100, 1, 1))
keys = st.sampled_from([
    ("environment_hours", "c5.large", None, None), ("environment_hours", "c5.xlarge", None, None),
    ("permanent_schedule", None, 5, 1), ("permanent_schedule", None, 100, 12),
])  # fmt: skip
lines = st.builds(reports.Line, days, keys, st.decimals(-3600, 3600, places=6), st.integers(0, 10),
                  st.decimals(-1000, 1000, places=2))  # fmt: skip


@given(days, days)
def test_an_inclusive_range_covers_24_hours_a_day(a: date, b: date) -> None:
    start, end = min(a, b), max(a, b)
    first, after = reports.Period(start, end).instants
    assert after - first == timedelta(days=(end - start).days + 1)


@given(st.none() | days, st.none() | days, days)
def test_defaults_fill_a_range_in_order_and_a_reversed_one_is_refused(
    start: date | None, end: date | None, today: date
) -> None:
    if start is not None and end is not None and end < start:
        with pytest.raises(Invalid):
            reports.period(start, end, today)
        return
    found = reports.period(start, end, today)
    assert found.start <= found.end
    assert found.start == (start or found.end.replace(day=1)) and (end is None or found.end == end)


@given(days)
def test_a_day_reads_back_as_written(on: date) -> None:
    assert reports.day(on.isoformat(), "start_date") == on


@pytest.mark.parametrize("raw", ["2020-8-25", "2020-02-30", "20200825", "2020-08-25T00:00", " 2020-08-25", "x"])
def test_anything_else_is_refused_naming_the_field(raw: str) -> None:
    with pytest.raises(Invalid) as refused:
        reports.day(raw, "end_date")
    assert refused.value.field == "end_date"


@given(st.lists(lines, max_size=30))
def test_items_and_days_add_up_exactly_to_the_lines(found: list[reports.Line]) -> None:
    whole = sum((line.amount for line in found), Decimal(0))
    sums = reports.totals(found)
    assert reports.total(sums) == whole
    assert len({s.key for s in sums}) == len(sums)
    assert sum(s.count for s in sums) == sum(line.count for line in found)
    assert sum((reports.total(day) for _, day in reports.by_day(found)), Decimal(0)) == whole
