"""Start and end times as the seed writes them, and the half-open overlap of two windows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduler.contract.times import overlaps, parse_start, parse_when


@pytest.mark.parametrize(
    ("written", "instant"),
    [
        ("2020-08-25T16:30:00.000Z", datetime(2020, 8, 25, 16, 30, tzinfo=UTC)),
        ("2020-08-25T16:30:00Z", datetime(2020, 8, 25, 16, 30, tzinfo=UTC)),
        ("2020-08-25T16:30:00.000+02:00", datetime(2020, 8, 25, 14, 30, tzinfo=UTC)),
        ("2020-08-25T16:30:00-05:30", datetime(2020, 8, 25, 22, 0, tzinfo=UTC)),
        ("2020-08-25T16:30:00.5Z", datetime(2020, 8, 25, 16, 30, 0, 500_000, tzinfo=UTC)),
    ],
)
def test_the_seeds_formats_name_one_utc_instant(written: str, instant: datetime) -> None:
    parsed = parse_when(written)
    assert parsed == instant and parsed.tzinfo == UTC


@pytest.mark.parametrize(
    "written",
    ["NOW", "now", "2020-08-25", "2020-08-25T16:30:00", "2020-08-25 16:30:00Z", "2020-13-25T16:30:00Z",
     "2020-08-25T16:30:00+25:00", "1598373000", "", "2020-08-25T16:30:00.1234567Z", "0001-01-01T00:00:00+02:00",
     "9999-12-31T23:59:59-02:00"],
)  # fmt: skip
def test_anything_else_is_no_instant(written: str) -> None:
    with pytest.raises(ValueError):
        parse_when(written)


def test_now_is_the_only_word_a_start_accepts() -> None:
    assert parse_start("NOW") is None
    with pytest.raises(ValueError):
        parse_start("now")


instants = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))
lengths = st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=3))


@given(instants, lengths, instants, lengths)
def test_overlap_is_symmetric_and_means_a_shared_instant(
    a: datetime, la: timedelta, b: datetime, lb: timedelta
) -> None:
    shared = max(a, b) < min(a + la, b + lb)
    assert overlaps(a, a + la, b, b + lb) == overlaps(b, b + lb, a, a + la) == shared


@given(instants, lengths, lengths)
def test_windows_that_touch_do_not_overlap(a: datetime, la: timedelta, lb: timedelta) -> None:
    assert not overlaps(a, a + la, a + la, a + la + lb)
