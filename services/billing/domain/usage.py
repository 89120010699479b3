"""An environment's usage: the state changes billing observed, and the running intervals they imply.

Changes are kept as a set and ordered by when they occurred, never by when they arrived, so a redelivered,
replayed, late or out-of-order change gives the intervals in-order delivery gives (decision 47).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

# the machine is up and the customer has it: from running until it is stopped, deleted or failed
BILLED: frozenset[str] = frozenset({"running", "stopping", "restarting", "updating", "upgrading"})
DELETED = "deleted"


@dataclass(frozen=True, order=True)
class Change:
    occurred_at: datetime
    previous_state: str
    state: str


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime | None


def settled(simultaneous: list[Change]) -> str:
    """The state after changes that share an instant: the end of their chain, whatever their arrival order."""
    sources = {c.previous_state for c in simultaneous}
    ends = [c for c in simultaneous if c.state not in sources or c.state == c.previous_state]
    return max(ends or simultaneous, key=lambda c: (c.state, c.previous_state)).state


def intervals(changes: Iterable[Change]) -> list[Interval]:
    found: list[Interval] = []
    start: datetime | None = None
    for at, group in groupby(sorted(set(changes)), key=lambda c: c.occurred_at):
        billed = settled(list(group)) in BILLED
        if billed and start is None:
            start = at
        elif not billed and start is not None:
            found.append(Interval(start, at))
            start = None
    if start is not None:
        found.append(Interval(start, None))
    return found
