"""What one evaluator pass reads for many alerts at once, in a transaction of its own that writes nothing: their
streams folded (one query, only what was recorded since the last pass), and each one's metric averaged over its
window (one query). What it reads only says which alerts may change; each change is decided again on its stream in
the unit that appends it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from functools import reduce
from itertools import groupby
from typing import Any

from alerts.adapters.event_codec import decode_all
from alerts.domain import alerts
from alerts.domain.alerts import Alert
from alerts.domain.evaluation import COLUMNS
from common.eventstore import RecordedEvent

_PICK = " ".join(f"WHEN '{column}' THEN s.{column}" for column in COLUMNS.values())


Kept = dict[uuid.UUID, tuple[int, Alert]]


@asynccontextmanager
async def reading(pool: Any) -> AsyncIterator[Any]:
    """A pooled connection on which each read is planned for its own values. A prepared statement otherwise settles,
    after a few runs, on a generic plan made from the tables' statistics of the moment: made while few samples
    and events were kept (a service just started), it scans them all, for each batch or each alert, long after
    they have grown (until an analyze of the table happens to invalidate it)."""
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        yield conn


async def folded(conn: Any, schema: str, alert_ids: Sequence[uuid.UUID], kept: Kept) -> dict[uuid.UUID, Alert]:
    """The alerts' states, continued from those ``kept`` (by version) with only the events recorded since; ``kept``
    is brought up to date. A stream's visible versions are always a prefix of it, so nothing is skipped."""
    rows = await conn.fetch(
        f"""SELECT e.stream_id, e.version, e.type, e.data, e.metadata, e.position, e.txid, e.recorded_at
            FROM unnest($1::text[], $2::integer[]) AS k(stream_id, after)
            JOIN {schema}.events e ON e.stream_id = k.stream_id AND e.version > k.after
            ORDER BY e.stream_id, e.version""",
        [alerts.stream_id(alert_id) for alert_id in alert_ids],
        [kept.get(alert_id, (0, None))[0] for alert_id in alert_ids],
    )  # fmt: skip
    by_stream = {alerts.stream_id(alert_id): alert_id for alert_id in alert_ids}
    for stream_id, stored in groupby((RecordedEvent(**dict(row)) for row in rows), key=lambda r: r.stream_id):
        alert_id, newer = by_stream[stream_id], list(stored)
        _, state = kept.get(alert_id, (0, Alert()))
        kept[alert_id] = newer[-1].version, reduce(alerts.evolve, decode_all(newer), state)
    return {alert_id: kept[alert_id][1] for alert_id in alert_ids if alert_id in kept}


async def averages(conn: Any, schema: str, held: Sequence[Alert], now: datetime) -> list[float | None]:
    """Each alert's metric averaged over ``(now - window, now]`` (None: no sample there), in ``held``'s order: a
    subquery per alert, so each window is read through the samples' key (as a join, the planner may sort or hash
    every sample kept for each batch)."""
    assert all(a.rule is not None and a.environment_id is not None for a in held)
    rows = await conn.fetch(
        f"""SELECT (SELECT avg(CASE a.metric {_PICK} END) FROM {schema}.samples s
                    WHERE s.environment_id = a.environment_id AND s.side = a.side AND s.endpoint_id = a.endpoint_id
                      AND s.sampled_at > a.start AND s.sampled_at <= $6) AS value
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[])
                 WITH ORDINALITY AS a(environment_id, side, endpoint_id, start, metric, n)
            ORDER BY a.n""",
        [a.environment_id for a in held], [a.side for a in held], [a.endpoint_id for a in held],
        [now - timedelta(seconds=a.rule.window_seconds) for a in held if a.rule],
        [COLUMNS[a.rule.alert_on_query] for a in held if a.rule], now,
    )  # fmt: skip
    return [None if row["value"] is None else float(row["value"]) for row in rows]
