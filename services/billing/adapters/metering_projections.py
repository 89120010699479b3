"""Projections of observed usage (the changes, each environment's running intervals and each input's and output's
intervals by band, derived afresh from all its changes at every one) and of the hourly run (consumption lines, each
organisation's last closed hour)."""

from __future__ import annotations

from typing import Any

from billing.adapters import event_codec
from billing.domain import events as e
from billing.domain.endpoint_usage import EndpointChange, endpoint_intervals
from billing.domain.usage import Change, intervals
from common.eventstore import RecordedEvent
from common.projections import Projection


async def _environment(conn: Any, s: str, organisation_id: int, environment_id: object) -> None:
    await conn.execute(
        f"""INSERT INTO {s}.metered_environments (environment_id, organisation_id) VALUES ($1, $2)
            ON CONFLICT DO NOTHING""",
        environment_id, organisation_id,
    )  # fmt: skip


async def _state(conn: Any, s: str, r: RecordedEvent) -> None:
    seen = event_codec.decode(r)
    assert isinstance(seen, e.EnvironmentStateObserved) and seen.organisation_id is not None
    await _environment(conn, s, seen.organisation_id, seen.environment_id)
    await conn.execute(
        f"""INSERT INTO {s}.environment_changes (environment_id, occurred_at, previous_state, state)
            VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING""",
        seen.environment_id, seen.occurred_at, seen.previous_state, seen.state,
    )  # fmt: skip
    rows = await conn.fetch(f"SELECT * FROM {s}.environment_changes WHERE environment_id = $1", seen.environment_id)
    derived = intervals(Change(r["occurred_at"], r["previous_state"], r["state"]) for r in rows)
    await conn.execute(f"DELETE FROM {s}.usage_intervals WHERE environment_id = $1", seen.environment_id)
    await conn.executemany(
        f"INSERT INTO {s}.usage_intervals (environment_id, started_at, ended_at) VALUES ($1, $2, $3)",
        [(seen.environment_id, i.start, i.end) for i in derived],
    )


async def _instance(conn: Any, s: str, r: RecordedEvent) -> None:
    seen = event_codec.decode(r)
    assert isinstance(seen, e.EnvironmentInstanceObserved) and seen.organisation_id is not None
    await _environment(conn, s, seen.organisation_id, seen.environment_id)
    sql = f"UPDATE {s}.metered_environments SET instance_type = $2 WHERE environment_id = $1"
    await conn.execute(sql, seen.environment_id, seen.instance_type)


async def _endpoint(conn: Any, s: str, r: RecordedEvent) -> None:
    """An input's or output's change, kept in the endpoint tables by side."""
    seen = event_codec.decode(r)
    assert isinstance(seen, e.OutputStateObserved | e.InputStateObserved) and seen.organisation_id is not None
    side, endpoint_id = (
        ("output", seen.output_id) if isinstance(seen, e.OutputStateObserved) else ("input", seen.input_id)
    )
    endpoint = (seen.environment_id, side, endpoint_id)
    await conn.execute(
        f"""INSERT INTO {s}.metered_endpoints (environment_id, side, endpoint_id, organisation_id)
            VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING""",
        *endpoint, seen.organisation_id,
    )  # fmt: skip
    await conn.execute(
        f"""INSERT INTO {s}.endpoint_changes (environment_id, side, endpoint_id, occurred_at, running, bitrate)
            VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING""",
        *endpoint, seen.occurred_at, seen.running, seen.bitrate,
    )  # fmt: skip
    where = "WHERE environment_id = $1 AND side = $2 AND endpoint_id = $3"
    rows = await conn.fetch(f"SELECT * FROM {s}.endpoint_changes {where}", *endpoint)
    derived = endpoint_intervals(EndpointChange(r["occurred_at"], r["running"], r["bitrate"]) for r in rows)
    await conn.execute(f"DELETE FROM {s}.endpoint_intervals {where}", *endpoint)
    await conn.executemany(
        f"""INSERT INTO {s}.endpoint_intervals (environment_id, side, endpoint_id, started_at, ended_at, bitrate)
            VALUES ($1, $2, $3, $4, $5, $6)""",
        [(*endpoint, i.start, i.end, i.bitrate) for i in derived],
    )


async def _guest_billing(conn: Any, s: str, r: RecordedEvent) -> None:
    seen = event_codec.decode(r)
    assert isinstance(seen, e.GuestBillingObserved)
    await conn.execute(
        f"""INSERT INTO {s}.invitation_guests (invitation_id, owner_organisation_id, guest_organisation_id)
            VALUES ($1, $2, $3) ON CONFLICT (invitation_id) DO UPDATE
            SET guest_organisation_id = coalesce($3, {s}.invitation_guests.guest_organisation_id)""",
        seen.invitation_id, seen.organisation_id, seen.guest_organisation_id,
    )  # fmt: skip
    if seen.billing_source is not None:
        await conn.execute(
            f"""INSERT INTO {s}.guest_billing (invitation_id, occurred_at, billing_source) VALUES ($1, $2, $3)
                ON CONFLICT DO NOTHING""",
            seen.invitation_id, seen.occurred_at, seen.billing_source,
        )  # fmt: skip


async def _line(conn: Any, s: str, r: RecordedEvent) -> None:
    line = event_codec.decode(r)
    assert isinstance(line, e.ConsumptionRecorded)
    await conn.execute(
        f"""INSERT INTO {s}.consumption_lines (stream_id, version, organisation_id, hour, usage_hour, kind, item,
            environment_id, instance_type, currency, seconds, amount, output_id, bitrate, taker_organisation_id,
            input_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)""",
        r.stream_id, r.version, line.organisation_id, line.hour, line.usage_hour, line.kind, line.item,
        line.environment_id, line.instance_type, line.currency, line.seconds, line.amount, line.output_id,
        line.bitrate, line.taker_organisation_id, line.input_id,
    )  # fmt: skip
    # The CTEs share the statement's snapshot: ``known`` is the line as it was before this one was added to it. One
    # writer at a time per organisation (its lines are projected by the unit that appends its closed hour's stream,
    # and its hours close in turn), so no other transaction adds the same line in between.
    await conn.execute(
        f"""WITH known AS (
                SELECT FROM {s}.consumption_hourly WHERE organisation_id = $1 AND currency = $2 AND hour = $3
                    AND item = $4 AND resource_id = $5 AND instance_type = coalesce($6, '')
            ), summed AS (
                INSERT INTO {s}.consumption_hourly AS h (organisation_id, currency, hour, item, resource_id,
                    instance_type, seconds, amount) VALUES ($1, $2, $3, $4, $5, coalesce($6, ''), $7, $8)
                ON CONFLICT (organisation_id, currency, hour, item, resource_id, instance_type)
                DO UPDATE SET seconds = h.seconds + $7, amount = h.amount + $8
            )
            INSERT INTO {s}.consumption_hourly_counts AS c (organisation_id, currency, hour, lines)
            SELECT $1, $2, $3, 1 WHERE NOT EXISTS (SELECT FROM known)
            ON CONFLICT (organisation_id, currency, hour) DO UPDATE SET lines = c.lines + 1""",
        line.organisation_id, line.currency, line.usage_hour, line.item, line.environment_id, line.instance_type,
        line.seconds, line.amount,
    )  # fmt: skip


async def _closed(conn: Any, s: str, r: RecordedEvent) -> None:
    closed = event_codec.decode(r)
    assert isinstance(closed, e.HourClosed)
    await conn.execute(
        f"""INSERT INTO {s}.closed_hours (organisation_id, hour) VALUES ($1, $2)
            ON CONFLICT (organisation_id) DO UPDATE SET hour = greatest({s}.closed_hours.hour, $2)""",
        closed.organisation_id, closed.hour,
    )  # fmt: skip


async def _charged(conn: Any, s: str, r: RecordedEvent) -> None:
    charged = event_codec.decode(r)
    assert isinstance(charged, e.ConsumptionCharged)
    await conn.execute(
        f"""INSERT INTO {s}.consumption_charges (charge_id, organisation_id, hour, currency, amount, status, retry_at)
            VALUES ($1, $2, $3, $4, $5, 'pending', $6)""",
        charged.charge_id, charged.organisation_id, charged.hour, charged.currency, charged.amount, r.recorded_at,
    )  # fmt: skip


async def _attempted(conn: Any, s: str, r: RecordedEvent) -> None:
    answer = event_codec.decode(r)
    assert isinstance(answer, e.ChargeAttemptDeclined | e.ChargeTaken | e.ChargeDeclined)
    status = {e.ChargeAttemptDeclined: "pending", e.ChargeTaken: "taken", e.ChargeDeclined: "declined"}[type(answer)]
    retry_at = answer.retry_at if isinstance(answer, e.ChargeAttemptDeclined) else r.recorded_at
    reason = None if isinstance(answer, e.ChargeTaken) else answer.reason
    await conn.execute(
        f"""UPDATE {s}.consumption_charges SET status = $2, attempts = $3, retry_at = $4, provider = $5,
            payment_id = $6, reason = $7 WHERE charge_id = $1""",
        answer.charge_id, status, answer.attempt, retry_at, answer.provider, answer.payment_id, reason,
    )  # fmt: skip


USAGE = Projection(
    "usage",
    [
        "metered_environments",
        "environment_changes",
        "usage_intervals",
        "metered_endpoints",
        "endpoint_changes",
        "endpoint_intervals",
        "invitation_guests",
        "guest_billing",
    ],
    {
        event_codec.name_of(e.EnvironmentStateObserved): _state,
        event_codec.name_of(e.EnvironmentInstanceObserved): _instance,
        event_codec.name_of(e.OutputStateObserved): _endpoint,
        event_codec.name_of(e.InputStateObserved): _endpoint,
        event_codec.name_of(e.GuestBillingObserved): _guest_billing,
    },
)
CONSUMPTION = Projection(
    "consumption",
    ["consumption_lines", "consumption_hourly", "consumption_hourly_counts", "closed_hours"],
    {event_codec.name_of(e.ConsumptionRecorded): _line, event_codec.name_of(e.HourClosed): _closed},
)
CONSUMPTION_CHARGES = Projection(
    "consumption_charges",
    ["consumption_charges"],
    {
        event_codec.name_of(e.ConsumptionCharged): _charged,
        event_codec.name_of(e.ChargeAttemptDeclined): _attempted,
        event_codec.name_of(e.ChargeTaken): _attempted,
        event_codec.name_of(e.ChargeDeclined): _attempted,
    },
)
