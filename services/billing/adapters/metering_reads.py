"""What the hourly run reads: which organisations have hours to close, what changed, the running intervals,
what earlier runs recorded, and the credits to draw."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from billing.domain.credits import Balance
from billing.domain.hours import HOUR, hour_of
from billing.domain.metering import Usage
from billing.domain.usage import Interval


@dataclass(frozen=True)
class Changed:
    id: int
    environment_id: uuid.UUID
    since: datetime


@dataclass(frozen=True)
class Running:
    environment_id: uuid.UUID
    instance_type: str | None
    start: datetime
    end: datetime | None


@dataclass(frozen=True)
class EndpointRunning:
    environment_id: uuid.UUID
    side: str  # "input" or "output"
    endpoint_id: str
    bitrate: int
    start: datetime
    end: datetime | None
    taker: int  # the input's owner, the output's taker
    owner: int | None  # the environment's organisation (None: not observed yet)


# the environment; for output hours, the output and its band, and the guest taker when the source owner pays; for
# stream hours, the band and the input
Meter = tuple[uuid.UUID, str | None, int | None, int | None, str | None]
Recorded = dict[tuple[Meter, datetime], tuple[Usage, str]]

# the first change observed of each organisation's environments, inputs and outputs
FIRST_CHANGES = """
    SELECT m.organisation_id, ch.occurred_at FROM {s}.metered_environments m
    JOIN {s}.environment_changes ch USING (environment_id)
    UNION ALL
    SELECT o.organisation_id, oc.occurred_at FROM {s}.metered_endpoints o
    JOIN {s}.endpoint_changes oc USING (environment_id, side, endpoint_id)"""


async def next_hours(db: Any, s: str) -> dict[int, datetime]:
    """The next hour to close of every organisation with metered environments or outputs."""
    rows = await db.fetch(
        f"""SELECT f.organisation_id, max(c.hour) AS closed, min(f.occurred_at) AS first
            FROM ({FIRST_CHANGES.format(s=s)}) f
            LEFT JOIN {s}.closed_hours c ON c.organisation_id = f.organisation_id
            GROUP BY f.organisation_id"""
    )
    return {r["organisation_id"]: r["closed"] + HOUR if r["closed"] else hour_of(r["first"]) for r in rows}


async def next_hour(db: Any, s: str, organisation_id: int) -> datetime | None:
    """The hour after the last one closed; at first, the hour of the organisation's first observed change."""
    closed = await db.fetchval(f"SELECT hour FROM {s}.closed_hours WHERE organisation_id = $1", organisation_id)
    if closed is not None:
        return closed + HOUR  # type: ignore[no-any-return]
    first = await db.fetchval(
        f"SELECT min(occurred_at) FROM ({FIRST_CHANGES.format(s=s)}) f WHERE organisation_id = $1", organisation_id
    )
    return None if first is None else hour_of(first)


async def instance_types(db: Any, s: str, environment_ids: list[uuid.UUID]) -> dict[uuid.UUID, str | None]:
    sql = f"SELECT environment_id, instance_type FROM {s}.metered_environments WHERE environment_id = ANY($1::uuid[])"
    return {r["environment_id"]: r["instance_type"] for r in await db.fetch(sql, environment_ids)}


async def changed(db: Any, s: str, organisation_id: int) -> list[Changed]:
    rows = await db.fetch(f"SELECT * FROM {s}.usage_changed WHERE organisation_id = $1", organisation_id)
    return [Changed(r["id"], r["environment_id"], r["since"]) for r in rows]


async def forget_changed(db: Any, s: str, seen: list[Changed]) -> None:
    await db.execute(f"DELETE FROM {s}.usage_changed WHERE id = ANY($1::bigint[])", [c.id for c in seen])


async def running(db: Any, s: str, organisation_id: int, start: datetime, end: datetime) -> list[Running]:
    rows = await db.fetch(
        f"""SELECT i.environment_id, m.instance_type, i.started_at, i.ended_at
            FROM {s}.usage_intervals i JOIN {s}.metered_environments m USING (environment_id)
            WHERE m.organisation_id = $1 AND i.started_at < $3 AND (i.ended_at IS NULL OR i.ended_at > $2)""",
        organisation_id, start, end,
    )  # fmt: skip
    return [Running(r["environment_id"], r["instance_type"], r["started_at"], r["ended_at"]) for r in rows]


async def endpoints_running(
    db: Any, s: str, organisation_id: int, start: datetime, end: datetime
) -> list[EndpointRunning]:
    """The inputs the organisation owns and outputs it takes, and the guests' outputs on its environments (it may pay
    them)."""
    rows = await db.fetch(
        f"""WITH endpoints AS (
                SELECT environment_id, side, endpoint_id, organisation_id AS taker FROM {s}.metered_endpoints
                WHERE organisation_id = $1
                UNION
                SELECT o.environment_id, o.side, o.endpoint_id, o.organisation_id
                FROM {s}.metered_environments e JOIN {s}.metered_endpoints o USING (environment_id)
                WHERE e.organisation_id = $1 AND o.side = 'output'
            )
            SELECT i.environment_id, i.side, i.endpoint_id, i.bitrate, i.started_at, i.ended_at, m.taker,
                   e.organisation_id AS owner
            FROM endpoints m JOIN {s}.endpoint_intervals i USING (environment_id, side, endpoint_id)
            LEFT JOIN {s}.metered_environments e USING (environment_id)
            WHERE i.started_at < $3 AND (i.ended_at IS NULL OR i.ended_at > $2)""",
        organisation_id, start, end,
    )  # fmt: skip
    return [EndpointRunning(r["environment_id"], r["side"], r["endpoint_id"], r["bitrate"], r["started_at"],
                            r["ended_at"], r["taker"], r["owner"]) for r in rows]  # fmt: skip


async def guest_billing(
    db: Any, s: str, pairs: list[tuple[int, int]]
) -> dict[tuple[int, int], list[tuple[datetime, str]]]:
    """Each (source owner, guest)'s changes of who pays the guest's outputs, over all their invitations."""
    rows = await db.fetch(
        f"""SELECT g.owner_organisation_id AS owner, g.guest_organisation_id AS guest, b.occurred_at, b.billing_source
            FROM {s}.invitation_guests g JOIN {s}.guest_billing b USING (invitation_id)
            WHERE (g.owner_organisation_id, g.guest_organisation_id) IN (SELECT * FROM unnest($1::int[], $2::int[]))""",
        [p[0] for p in pairs], [p[1] for p in pairs],
    )  # fmt: skip
    found: dict[tuple[int, int], list[tuple[datetime, str]]] = {}
    for r in rows:
        found.setdefault((r["owner"], r["guest"]), []).append((r["occurred_at"], r["billing_source"]))
    return found


async def billed(
    db: Any, s: str, environment_ids: list[uuid.UUID], start: datetime, end: datetime
) -> dict[uuid.UUID, list[Interval]]:
    """The billed intervals of environments (any organisation's: guests take outputs on them) in ``[start, end)``."""
    rows = await db.fetch(
        f"""SELECT environment_id, started_at, ended_at FROM {s}.usage_intervals
            WHERE environment_id = ANY($1::uuid[]) AND started_at < $3 AND (ended_at IS NULL OR ended_at > $2)""",
        environment_ids, start, end,
    )  # fmt: skip
    found: dict[uuid.UUID, list[Interval]] = {}
    for r in rows:
        found.setdefault(r["environment_id"], []).append(Interval(r["started_at"], r["ended_at"]))
    return found


async def recorded(db: Any, s: str, organisation_id: int, start: datetime, end: datetime) -> Recorded:
    rows = await db.fetch(
        f"""SELECT environment_id, output_id, bitrate, taker_organisation_id, input_id, usage_hour,
                   min(currency) AS currency, sum(seconds) AS seconds, sum(amount) AS amount
            FROM {s}.consumption_lines WHERE organisation_id = $1 AND usage_hour >= $2 AND usage_hour < $3
            GROUP BY environment_id, output_id, bitrate, taker_organisation_id, input_id, usage_hour""",
        organisation_id, start, end,
    )  # fmt: skip
    return {((r["environment_id"], r["output_id"], r["bitrate"], r["taker_organisation_id"], r["input_id"]),
             r["usage_hour"]):
            (Usage(r["seconds"], r["amount"]), r["currency"]) for r in rows}  # fmt: skip


async def balances(db: Any, s: str, organisation_id: int, currency: str) -> list[Balance]:
    """After taking the organisation's drawing lock, held until the transaction ends: the hourly run and a purchase
    of agreements draw credits in turn, each reading what is owed and drawn after the other committed. An advisory
    lock rather than ``FOR UPDATE``, which would write before the append (the store's commit order needs the append
    first); a statement of its own, so the reads after it see what the holder committed."""
    await db.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", f"{s}:credits-{organisation_id}")
    rows = await db.fetch(
        f"""SELECT id, amount, drawn FROM {s}.credits WHERE organisation_id = $1 AND currency = $2
            ORDER BY created_at, id""",
        organisation_id, currency,
    )  # fmt: skip
    return [Balance(r["id"], r["amount"], r["drawn"]) for r in rows]


async def owed(db: Any, s: str, organisation_id: int, currency: str) -> Decimal:
    """Every consumption line, and every agreement bought on credits, in ``currency``, less what was charged to the
    organisation's account for consumption (while it was billed on account)."""
    sql = f"""SELECT (SELECT coalesce(sum(amount), 0) FROM {s}.consumption_lines
                      WHERE organisation_id = $1 AND currency = $2)
                   + (SELECT coalesce(sum(price), 0) FROM {s}.agreements
                      WHERE organisation_id = $1 AND currency = $2 AND paid_by = 'credits')
                   - (SELECT coalesce(sum(amount), 0) FROM {s}.consumption_charges
                      WHERE organisation_id = $1 AND currency = $2)"""
    return Decimal(await db.fetchval(sql, organisation_id, currency))
