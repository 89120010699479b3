"""Consumption reports: the range of days asked for, and the sums of what the hourly run and purchases recorded.

Days are UTC and both ends are included. Every amount summed is a line already rounded once (decision 46), so
the report adds exactly: each item's amount is the sum of its days', and the total the sum of the items'.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from common.errors import Invalid

DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
HOURS_PLACES = Decimal("0.0001")
Key = tuple[str, str | None, int | None, int | None]  # item, instance type, bitrate, months


def day(raw: str | None, name: str) -> date | None:
    if raw is None:
        return None
    try:
        if DAY.fullmatch(raw):
            return date.fromisoformat(raw)
    except ValueError:
        pass
    raise Invalid(f"{name} must be a day written YYYY-MM-DD", name)


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def instants(self) -> tuple[datetime, datetime]:
        """``[start 00:00, the day after end 00:00)`` in UTC."""
        first = datetime.combine(self.start, time(), UTC)
        try:
            return first, datetime.combine(self.end + timedelta(days=1), time(), UTC)
        except OverflowError:
            return first, datetime.max.replace(tzinfo=UTC)


def period(start: date | None, end: date | None, today: date) -> Period:
    """Both ends included; the start defaults to the first of the end's month, the end to today (or the start)."""
    if end is None:
        end = today if start is None or start <= today else start
    if start is None:
        start = end.replace(day=1)
    if end < start:
        raise Invalid("end_date may not be before start_date", "end_date")
    return Period(start, end)


def hours(seconds: Decimal) -> Decimal:
    return (seconds / 3600).quantize(HOURS_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Line:
    """What was recorded for one item on one day: metered seconds or agreements bought, and their amount."""

    on: date
    key: Key
    seconds: Decimal
    count: int
    amount: Decimal


@dataclass(frozen=True)
class Sum:
    key: Key
    seconds: Decimal
    count: int
    amount: Decimal


def totals(lines: Iterable[Line]) -> list[Sum]:
    """One sum per item, in a stable order."""
    found: dict[Key, list[Line]] = defaultdict(list)
    for line in lines:
        found[line.key].append(line)
    return [
        Sum(key, sum((x.seconds for x in group), Decimal(0)), sum(x.count for x in group),
            sum((x.amount for x in group), Decimal(0)))
        for key, group in sorted(found.items(), key=lambda kv: _order(kv[0]))
    ]  # fmt: skip


def by_day(lines: Iterable[Line]) -> list[tuple[date, list[Sum]]]:
    days: dict[date, list[Line]] = defaultdict(list)
    for line in lines:
        days[line.on].append(line)
    return [(on, totals(group)) for on, group in sorted(days.items())]


def total(sums: Iterable[Sum]) -> Decimal:
    return sum((s.amount for s in sums), Decimal(0))


def _order(key: Key) -> tuple[str, str, int, int]:
    return key[0], key[1] or "", key[2] or 0, key[3] or 0
