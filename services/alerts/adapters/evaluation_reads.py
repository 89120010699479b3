"""What one evaluator pass reads for many alerts at once, outside any transaction: their streams folded (one
query), and each one's metric averaged over its window (one query). What it reads only says which alerts may
change; each change is decided again on its stream in the unit that appends it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from itertools import groupby
from typing import Any

from alerts.adapters.event_codec import decode_all
from alerts.domain import alerts
from alerts.domain.alerts import Alert
from alerts.domain.evaluation import COLUMNS
from common.eventstore import RecordedEvent

_PICK = " ".join(f"WHEN '{column}' THEN s.{column}" for column in COLUMNS.values())


async def folded(conn: Any, schema: str, alert_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Alert]:
    rows = await conn.fetch(
        f"""SELECT stream_id, version, type, data, metadata, position, txid, recorded_at FROM {schema}.events
            WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, version""",
        [alerts.stream_id(alert_id) for alert_id in alert_ids],
    )  # fmt: skip
    states = {}
    for stream_id, stored in groupby((RecordedEvent(**dict(row)) for row in rows), key=lambda r: r.stream_id):
        state = alerts.fold(decode_all(list(stored)))
        if state.alert_id is not None and alerts.stream_id(state.alert_id) == stream_id:
            states[state.alert_id] = state
    return states


async def averages(conn: Any, schema: str, held: Sequence[Alert], now: datetime) -> list[float | None]:
    """Each alert's metric averaged over ``(now - window, now]`` (None: no sample there), in ``held``'s order."""
    assert all(a.rule is not None and a.environment_id is not None for a in held)
    rows = await conn.fetch(
        f"""SELECT a.n, avg(CASE a.metric {_PICK} END) AS value
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[])
                 WITH ORDINALITY AS a(environment_id, side, endpoint_id, start, metric, n)
            LEFT JOIN {schema}.samples s ON s.environment_id = a.environment_id AND s.side = a.side
                 AND s.endpoint_id = a.endpoint_id AND s.sampled_at > a.start AND s.sampled_at <= $6
            GROUP BY a.n ORDER BY a.n""",
        [a.environment_id for a in held], [a.side for a in held], [a.endpoint_id for a in held],
        [now - timedelta(seconds=a.rule.window_seconds) for a in held if a.rule],
        [COLUMNS[a.rule.alert_on_query] for a in held if a.rule], now,
    )  # fmt: skip
    return [None if row["value"] is None else float(row["value"]) for row in rows]
