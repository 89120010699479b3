"""The bitrate an input is metered and announced at: the most it may reach."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

BITRATE_FIELDS = ("max_allowed_bitrate_kbps", "max_bitrate_kbps", "bitrate")


def bitrate_of(settings: Mapping[str, Any]) -> int:
    """The most the input may reach: its bitrate guard's maximum, else its kind's own bitrate setting (0: none)."""
    return next((int(settings[f]) for f in BITRATE_FIELDS if settings.get(f)), 0)
