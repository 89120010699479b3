"""Cutting time into the pieces that are priced: whole clock hours (UTC), then the instants prices change."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import pairwise

HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Span:
    start: datetime
    end: datetime

    @property
    def seconds(self) -> Decimal:
        """Exact, to the microsecond."""
        return Decimal((self.end - self.start) // timedelta(microseconds=1)) / 1_000_000


def hour_of(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def clip(start: datetime, end: datetime | None, within: Span) -> Span | None:
    """The part of ``[start, end)`` (``end`` None: still going) inside ``within``."""
    lo, hi = max(start, within.start), within.end if end is None else min(end, within.end)
    return Span(lo, hi) if lo < hi else None


def hours(span: Span) -> list[Span]:
    """``span`` cut at every hour boundary."""
    pieces, at = [], span.start
    while at < span.end:
        nxt = min(hour_of(at) + HOUR, span.end)
        pieces.append(Span(at, nxt))
        at = nxt
    return pieces


def cut(span: Span, instants: Iterable[datetime]) -> list[Span]:
    """``span`` cut at each instant strictly inside it."""
    inside = sorted({t for t in instants if span.start < t < span.end})
    bounds = [span.start, *inside, span.end]
    return [Span(a, b) for a, b in pairwise(bounds)]
