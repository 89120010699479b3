"""An endpoint's usage (an input's stream hours, an output's output hours): what its environment's agent said of
its media, and the intervals it ran in, by bitrate band.

Like an environment's changes (decision 47), an endpoint's are kept as a set and ordered by when they occurred, so a
redelivered, replayed, late or out-of-order answer gives the intervals in-order delivery gives. An endpoint is billed
only while it runs and its environment is billed: its media cannot outlive the machine (decision 78).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from billing.contract.pricing import BITRATES
from billing.domain.usage import Interval

KBPS_PER_MBPS = 1000


def band(bitrate_kbps: int) -> int:
    """The smallest band (Mbit/s) that holds the bitrate; the source's bitrate (0) the lowest, above all the top."""
    return next((b for b in BITRATES if bitrate_kbps <= b * KBPS_PER_MBPS), BITRATES[-1])


@dataclass(frozen=True, order=True)
class EndpointChange:
    occurred_at: datetime
    running: bool
    bitrate: int  # the band


@dataclass(frozen=True)
class BandInterval:
    start: datetime
    end: datetime | None
    bitrate: int


def _settled(simultaneous: Sequence[EndpointChange]) -> int | None:
    """The band running after answers sharing an instant (None: stopped): a stop wins, then the highest band."""
    if any(not c.running for c in simultaneous):
        return None
    return max(c.bitrate for c in simultaneous)


def endpoint_intervals(changes: Iterable[EndpointChange]) -> list[BandInterval]:
    found: list[BandInterval] = []
    current: tuple[datetime, int] | None = None
    for at, group in groupby(sorted(set(changes)), key=lambda c: c.occurred_at):
        now = _settled(list(group))
        if current is not None and now != current[1]:
            found.append(BandInterval(current[0], at, current[1]))
            current = None
        if now is not None and current is None:
            current = (at, now)
    if current is not None:
        found.append(BandInterval(current[0], None, current[1]))
    return found


def while_billed(endpoint: BandInterval, billed: Iterable[Interval]) -> list[BandInterval]:
    """The parts of ``endpoint`` inside its environment's billed intervals."""
    parts = []
    for interval in billed:
        start = max(endpoint.start, interval.start)
        ends = [e for e in (endpoint.end, interval.end) if e is not None]
        end = min(ends) if ends else None
        if end is None or start < end:
            parts.append(BandInterval(start, end, endpoint.bitrate))
    return parts


SIDES = {"input": "stream_hours", "output": "output_hours"}  # the item each side's usage is priced as
OWNER_PAYS = "source_owner"


def owner_pays(output: BandInterval, changes: Iterable[tuple[datetime, str]]) -> list[tuple[BandInterval, bool]]:
    """``output`` (a guest's, on the source owner's environment) cut where who pays changes, with whether the owner
    pays each part: the invitation's ``billing_source`` in force then (before any: the guest pays). Changes at one
    instant settle on ``destination_taker``."""
    in_force: dict[datetime, bool] = {}
    for at, source in changes:
        in_force[at] = in_force.get(at, True) and source == OWNER_PAYS
    paying, parts, start = False, [], output.start
    for at in sorted(in_force):
        if at <= output.start:
            paying = in_force[at]
        elif (output.end is None or at < output.end) and in_force[at] != paying:
            parts.append((BandInterval(start, at, output.bitrate), paying))
            start, paying = at, in_force[at]
    return [*parts, (BandInterval(start, output.end, output.bitrate), paying)]
