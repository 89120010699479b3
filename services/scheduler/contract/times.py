"""Start and end times as the seed writes them: ``2020-08-25T16:30:00.000Z`` or ``…+02:00``, milliseconds
optional; a start may also be ``NOW``. Everything is kept in UTC."""

from __future__ import annotations

import re
from datetime import UTC, datetime

NOW = "NOW"
WHEN_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$"
START_PATTERN = f"^{NOW}$|{WHEN_PATTERN}"
_WHEN = re.compile(WHEN_PATTERN)
FORMAT_HELP = "YYYY-MM-DDThh:mm:ss[.fff] with Z or an offset such as +02:00"


def parse_when(value: str) -> datetime:
    """The UTC instant ``value`` names; a ValueError saying why when it names none (no zone is no instant)."""
    if not _WHEN.match(value):
        raise ValueError(f"expected {FORMAT_HELP}")
    try:
        return datetime.fromisoformat(value).astimezone(UTC)
    except OverflowError as exc:  # e.g. 0001-01-01T00:00:00+02:00: no such instant in UTC
        raise ValueError("the instant is out of range") from exc


def parse_start(value: str) -> datetime | None:
    """None for ``NOW``: the instant the change is decided."""
    return None if value == NOW else parse_when(value)


def overlaps(start: datetime, end: datetime, other_start: datetime, other_end: datetime) -> bool:
    """Half-open intervals: one ending when the other starts does not overlap it."""
    return start < other_end and other_start < end
