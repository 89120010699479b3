"""How much a c_env can carry at once, and who starts when its schedule set would carry more (decision 76).

The maximum of outputs and of bandwidth is the instance type's, as the environments service's catalogue gives it
(seeded here from the instance type named on ``EnvironmentRequested``: environments does not publish it). Who
starts is a pure function of the candidates: permanent schedules first, then by start, then by creation (the
booking's ordinal on the environment's stream), then by id; a candidate starts when, with the ones started before
it, neither maximum is exceeded at any instant of its window. The others are "not started: capacity".
"""

from __future__ import annotations

import heapq
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

# (cloud provider, instance type) -> (maximum outputs, bandwidth Mbit/s): the environments service's catalogue
INSTANCE_TYPES: dict[tuple[str, str], tuple[int, int]] = {
    ("aws", "c5.large"): (10, 750), ("aws", "c5.xlarge"): (25, 1250), ("aws", "c5.2xlarge"): (50, 2500),
    ("gcp", "n2-standard-2"): (10, 1000), ("gcp", "n2-standard-4"): (25, 2000),
    ("gcp", "n2-standard-8"): (50, 4000), ("azure", "standard-f2s-v2"): (10, 875),
    ("azure", "standard-f4s-v2"): (25, 1750), ("azure", "standard-f8s-v2"): (50, 3500),
    ("digitalocean", "c-2"): (10, 1000), ("digitalocean", "c-4"): (25, 2000), ("local", "standard"): (10, 1000),
}  # fmt: skip


Load = tuple[int, int]  # outputs, kbps


@dataclass(frozen=True)
class Capacity:
    max_outputs: int
    bandwidth_kbps: int


def of_instance_type(cloud_provider: str, instance_type: str) -> Capacity | None:
    """None: an instance type the scheduler does not know carries what it is given."""
    known = INSTANCE_TYPES.get((cloud_provider, instance_type))
    return None if known is None else Capacity(known[0], known[1] * 1000)


class Candidate(NamedTuple):  # a tuple: a recompute makes one per pending booking
    schedule_id: uuid.UUID
    start: datetime
    end: datetime
    bitrate_kbps: int
    permanent: bool
    ordinal: int

    @property
    def priority(self) -> tuple[bool, datetime, int, uuid.UUID]:
        return _priority(self)


def refused(candidates: Iterable[Candidate], capacity: Capacity | None) -> frozenset[uuid.UUID]:
    """The candidates that do not start. Permanent ones are admitted first, each against the permanent ones before
    it; then the others in start order, each against the others still running at its start and the peak of the
    permanent ones over its window (so a permanent one starting later in that window is counted from the start:
    cautious, never over the maximum)."""
    if capacity is None:
        return frozenset()
    given = list(candidates)
    if len(given) <= capacity.max_outputs and sum(c.bitrate_kbps for c in given) <= capacity.bandwidth_kbps:
        return frozenset()  # all of them at once fit
    ordered = sorted(given, key=_priority)
    permanent = [c for c in ordered if c.permanent]
    first = _sweep(permanent, capacity, _none)
    held = [p for n, p in enumerate(permanent) if n in first]
    others = [c for c in ordered if not c.permanent]
    then = _sweep(others, capacity, (lambda c: _peak(held, c.start, c.end)) if held else _none)
    return frozenset([*(c.schedule_id for n, c in enumerate(permanent) if n not in first),
                      *(c.schedule_id for n, c in enumerate(others) if n not in then)])  # fmt: skip


def _priority(c: Candidate) -> tuple[bool, datetime, int, uuid.UUID]:
    return (not c.permanent, c.start, c.ordinal, c.schedule_id)


def _sweep(ordered: list[Candidate], capacity: Capacity, beside: Callable[[Candidate], Load]) -> set[int]:
    """``ordered`` by start: at each start, the admitted ones still running (a heap by end) plus ``beside``; the
    positions in ``ordered`` of those admitted."""
    admitted: set[int] = set()
    running: list[tuple[datetime, int, int]] = []
    outputs = bandwidth = 0
    for n, c in enumerate(ordered):
        while running and running[0][0] <= c.start:
            _, _, kbps = heapq.heappop(running)
            outputs, bandwidth = outputs - 1, bandwidth - kbps
        more_outputs, more_kbps = beside(c)
        if outputs + more_outputs + 1 <= capacity.max_outputs and (
            bandwidth + more_kbps + c.bitrate_kbps <= capacity.bandwidth_kbps
        ):
            admitted.add(n)
            heapq.heappush(running, (c.end, n, c.bitrate_kbps))
            outputs, bandwidth = outputs + 1, bandwidth + c.bitrate_kbps
    return admitted


def _none(_: Candidate) -> Load:
    return 0, 0


def _peak(admitted: list[Candidate], start: datetime, end: datetime) -> Load:
    """The most outputs and bandwidth of ``admitted`` at once within [start, end) (each at its own peak instant)."""
    instants = {start, *(a.start for a in admitted if start < a.start < end)}
    outputs = bandwidth = 0
    for t in instants:
        at = [a for a in admitted if a.start <= t < a.end]
        outputs, bandwidth = max(outputs, len(at)), max(bandwidth, sum(a.bitrate_kbps for a in at))
    return outputs, bandwidth
