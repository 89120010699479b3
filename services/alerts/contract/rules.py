"""The vocabulary of an alert's rule, as the seed lists it (A046, A052): metrics, operators, windows, durations."""

from __future__ import annotations

import functools
import re
from typing import Literal

Metric = Literal[
    "net_send.rtt", "net_recv.bitrate", "net_recv.jitter", "net_recv.loss_millipercent", "arq_recv.dropped",
    "is_connected",
]  # fmt: skip
Operator = Literal["gt", "lt", "outside_range", "within_range", "no_value"]
Side = Literal["input", "output"]
Status = Literal["active", "paused"]
TimeRange = Literal["10s", "1m", "5m", "10m", "15m", "1h"]
# "7m30m" is the seed's spelling (read as 7h30m, between 5h and 10h); "7h30m" is accepted as the same
Repeat = Literal[
    "5m", "10m", "15m", "20m", "25m", "30m", "45m", "1h", "1h30m", "2h", "2h30m", "3h", "4h", "5h", "7m30m", "7h30m",
    "10h", "15h", "20h", "24h",
]  # fmt: skip

VALUES_NEEDED: dict[str, int] = {"gt": 1, "lt": 1, "outside_range": 2, "within_range": 2, "no_value": 0}
METRIC_BOUNDS: dict[str, tuple[float, float]] = {
    "net_send.rtt": (0, 3_600_000),
    "net_recv.bitrate": (0, 100_000_000),
    "net_recv.jitter": (0, 3_600_000),
    "net_recv.loss_millipercent": (0, 100_000),
    "arq_recv.dropped": (0, 1e15),
    "is_connected": (0, 1),
}
METRIC_HELP = (
    "net_send.rtt (round trip time, ms), net_recv.bitrate (kbps), net_recv.jitter (ms), net_recv.loss_millipercent "
    "(packet loss, 0–100,000), arq_recv.dropped (not recovered packets), is_connected (1 yes, 0 no)"
)
OPERATOR_HELP = "gt and lt take one value in query_value, outside_range and within_range two (low, high), no_value none"
DURATION = re.compile(r"(?:(\d{1,3})h)?(?:(\d{1,4})m)?(?:(\d{1,5})s)?")
SPELLED: dict[str, int] = {"7m30m": 7 * 3600 + 30 * 60}
MIN_CHECK_SECONDS, MAX_DURATION_SECONDS = 10, 7 * 24 * 3600


@functools.lru_cache(maxsize=4096)
def seconds(duration: str) -> int | None:
    """``"1h30m"`` → 5400; anything not a positive duration of hours, minutes and seconds (in that order) → None."""
    if duration in SPELLED:
        return SPELLED[duration]
    match = DURATION.fullmatch(duration)
    if not duration or match is None:
        return None
    h, m, s = (int(part or 0) for part in match.groups())
    total = h * 3600 + m * 60 + s
    return total if 0 < total <= MAX_DURATION_SECONDS else None
