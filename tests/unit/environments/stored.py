"""Rows of the environments event store as the decisions of commit d0f5949 wrote them (before typed events).

``stored_events.json`` holds one of each kind of row those decisions produced, in three environments'
streams, with the integration messages each row was translated to at the time. New code must read
these rows and mean the same by them: there is no migration of stored events.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from common.eventstore import RecordedEvent

STORED = Path(__file__).with_name("stored_events.json")
METADATA = {"organisation_id": 7, "actor_user_id": "00000000-0000-4000-8000-0000000000a1"}


def stored_rows() -> list[dict[str, Any]]:
    return list(json.loads(STORED.read_text()))


def recorded(row: dict[str, Any], position: int) -> RecordedEvent:
    at = datetime.fromisoformat(row["recorded_at"])
    return RecordedEvent(row["stream_id"], row["version"], row["type"], row["data"], METADATA, position, 1, at)


def stored_events() -> list[RecordedEvent]:
    return [recorded(row, position) for position, row in enumerate(stored_rows(), start=1)]
