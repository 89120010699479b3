"""Pricing an environment's usage of one hour, and the line that brings what was recorded up to it.

Each piece of usage is priced with the version in force when it happened (custom over default); the exact
amounts of an hour are summed, then rounded once to the minor unit (decision 46). A line is the difference
between that and what earlier runs recorded for the same environment and hour: the first is the usage, any
later one an adjustment (decision 47).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TypeVar

from billing.domain.hours import Span, clip, cut, hour_of, hours
from billing.domain.money import money
from billing.domain.prices import Version, quote

SECONDS_PER_HOUR = Decimal(3600)
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Usage:
    seconds: Decimal = Decimal(0)
    amount: Decimal = Decimal(0)

    def __sub__(self, other: Usage) -> Usage:
        return Usage(self.seconds - other.seconds, self.amount - other.amount)

    def __bool__(self) -> bool:
        return bool(self.seconds or self.amount)


def exact_cost(span: Span, default: Sequence[Version], custom: Sequence[Version]) -> Decimal:
    """Unrounded; a piece with no price in force costs nothing."""
    total = Decimal(0)
    for piece in cut(span, [v.valid_from for v in (*default, *custom)]):
        quoted = quote(default, custom, piece.start)
        if quoted is not None:
            total += quoted[0].amount * piece.seconds / SECONDS_PER_HOUR
    return total


def charge(spans: Sequence[Span], default: Sequence[Version], custom: Sequence[Version]) -> Usage:
    """What the spans of one environment in one hour used and cost, rounded once."""
    seconds = sum((s.seconds for s in spans), Decimal(0))
    return Usage(seconds, money(sum((exact_cost(s, default, custom) for s in spans), Decimal(0))))


def spans_by_hour(
    running: Iterable[tuple[K, datetime, datetime | None]], window: Span
) -> dict[tuple[K, datetime], list[Span]]:
    """The running intervals inside ``window``, cut into clock hours, by what ran (``K``) and hour."""
    found: dict[tuple[K, datetime], list[Span]] = defaultdict(list)
    for what, start, end in running:
        inside = clip(start, end, window)
        for piece in hours(inside) if inside else []:
            found[what, hour_of(piece.start)].append(piece)
    return dict(found)
