"""What the consumption reports read: the consumption lines the hourly run recorded and the agreements bought,
both projections of billing's events, summed per day (reports) or per hour (the breakdown) in SQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from billing.domain.reports import Line

# metered lines per hour, item and environment (usage and its adjustments together, as projected into
# consumption_hourly; an environment's outputs of all bands together), and purchases per hour. Both branches
# give every column the same type, so the planner flattens the union: the page then reads consumption_hourly's
# key in order and stops at its limit (a cast to a common type would sort every line of the period instead).
HOURLY = """(
    SELECT organisation_id, currency, hour, item, resource_id, nullif(instance_type, '') AS instance_type,
           NULL::integer AS bitrate, NULL::integer AS duration_months, seconds, 0::bigint AS count, amount
    FROM {s}.consumption_hourly
    UNION ALL
    SELECT organisation_id, currency, date_trunc('hour', purchased_at) AS hour, 'permanent_schedule',
           purchase_id, NULL, bitrate, duration_months, 0::numeric, count(*), sum(price)
    FROM {s}.agreements GROUP BY organisation_id, currency, date_trunc('hour', purchased_at), purchase_id, bitrate,
           duration_months
) AS hourly"""
# how many lines of HOURLY each hour has: its metered lines as counted when projected, and its purchases
HOURLY_COUNTS = """(
    SELECT organisation_id, currency, hour, lines FROM {s}.consumption_hourly_counts
    UNION ALL
    SELECT organisation_id, currency, date_trunc('hour', purchased_at) AS hour, 1
    FROM {s}.agreements GROUP BY organisation_id, currency, date_trunc('hour', purchased_at), purchase_id, bitrate,
           duration_months
) AS hourly_counts"""


async def daily(db: Any, s: str, organisation_id: int, currency: str, start: datetime, end: datetime) -> list[Line]:
    rows = await db.fetch(
        f"""SELECT (usage_hour AT TIME ZONE 'UTC')::date AS usage_day, item, instance_type, bitrate,
                   NULL::integer AS duration_months, sum(seconds) AS seconds, 0 AS count, sum(amount) AS amount
            FROM {s}.consumption_lines
            WHERE organisation_id = $1 AND currency = $2 AND usage_hour >= $3 AND usage_hour < $4
            GROUP BY 1, item, instance_type, bitrate
            UNION ALL
            SELECT (purchased_at AT TIME ZONE 'UTC')::date, 'permanent_schedule', NULL, bitrate, duration_months, 0,
                   count(*), sum(price)
            FROM {s}.agreements
            WHERE organisation_id = $1 AND currency = $2 AND purchased_at >= $3 AND purchased_at < $4
            GROUP BY 1, bitrate, duration_months""",
        organisation_id, currency, start, end,
    )  # fmt: skip
    return [Line(r["usage_day"], (r["item"], r["instance_type"], r["bitrate"], r["duration_months"]), r["seconds"],
                 r["count"], r["amount"]) for r in rows]  # fmt: skip
