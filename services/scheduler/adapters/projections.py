"""The scheduler's projections: the environments, inputs and outputs it knows of, the schedules list (event
subscriptions among them), the events, and the full sets pushed to each environment (``common.full_sets``)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from common import full_sets
from common.eventstore import RecordedEvent
from common.projections import Projection
from scheduler.adapters import event_codec
from scheduler.domain import events as e


async def _environment(conn: Any, s: str, r: RecordedEvent) -> None:
    match event_codec.decode(r):
        case e.EnvironmentNoted() as noted:
            await conn.execute(
                f"""INSERT INTO {s}.environments (id, organisation_id, state) VALUES ($1, $2, $3)
                    ON CONFLICT (id) DO UPDATE SET organisation_id = excluded.organisation_id,
                        state = excluded.state""",
                noted.environment_id, noted.organisation_id, noted.state,
            )  # fmt: skip
        case e.InputNoted() as seen:
            await conn.execute(
                f"""INSERT INTO {s}.inputs (organisation_id, id, environment_id, version, deleted)
                    VALUES ($1, $2, $3, $4, $5)
                    ON CONFLICT (organisation_id, id) DO UPDATE SET environment_id = excluded.environment_id,
                        version = excluded.version, deleted = excluded.deleted
                    WHERE {s}.inputs.version < excluded.version""",
                seen.organisation_id, seen.input_id, seen.environment_id, seen.version, seen.deleted,
            )  # fmt: skip
        case e.OutputNoted() as seen:
            await conn.execute(
                f"""INSERT INTO {s}.outputs (taker_organisation_id, id, environment_id, version, deleted)
                    VALUES ($1, $2, $3, $4, $5)
                    ON CONFLICT (taker_organisation_id, id) DO UPDATE SET environment_id = excluded.environment_id,
                        version = excluded.version, deleted = excluded.deleted
                    WHERE {s}.outputs.version < excluded.version""",
                seen.organisation_id, seen.output_id, seen.environment_id, seen.version, seen.deleted,
            )  # fmt: skip


def created_row(created: e.ScheduleCreated, recorded_at: datetime) -> dict[str, Any]:
    """The ``schedules`` row a created schedule becomes (what a read of it returns until it changes)."""
    return {"id": created.schedule_id, "organisation_id": created.organisation_id,
            "environment_id": created.environment_id, "input_organisation_id": created.input_organisation_id,
            "input_id": created.input_id, "output_id": created.output_id, "start_time": created.start,
            "end_time": created.end, "deleted": False, "disconnected": False, "created_at": recorded_at,
            "updated_at": recorded_at, "event_id": created.event_id, "timed_by_event_owner": created.timed_by_event,
            "permanent": created.permanent}  # fmt: skip


async def _schedule(conn: Any, s: str, r: RecordedEvent) -> None:
    match event_codec.decode(r):
        case e.ScheduleCreated() as created:
            row = created_row(created, r.recorded_at)
            places = ", ".join(f"${n}" for n in range(1, len(row) + 1))
            await conn.execute(f"INSERT INTO {s}.schedules ({', '.join(row)}) VALUES ({places})", *row.values())
        case e.ScheduleChanged() as changed:
            await conn.execute(
                f"UPDATE {s}.schedules SET start_time = $2, end_time = $3, updated_at = $4 WHERE id = $1",
                changed.schedule_id, changed.start, changed.end, r.recorded_at,
            )  # fmt: skip
        case e.SubscriptionChanged() as changed:
            await conn.execute(
                f"""UPDATE {s}.schedules SET input_id = $2, output_id = $3, start_time = $4, end_time = $5,
                        timed_by_event_owner = $6, updated_at = $7 WHERE id = $1""",
                changed.schedule_id, changed.input_id, changed.output_id, changed.start, changed.end,
                changed.timed_by_event, r.recorded_at,
            )  # fmt: skip
        case e.ScheduleDisconnected() as disconnected:
            await conn.execute(
                f"UPDATE {s}.schedules SET end_time = $2, disconnected = true, updated_at = $3 WHERE id = $1",
                disconnected.schedule_id, disconnected.end, r.recorded_at,
            )  # fmt: skip
        case e.ScheduleDeleted() as deleted:
            await conn.execute(f"UPDATE {s}.schedules SET deleted = true, updated_at = $2 WHERE id = $1",
                               deleted.schedule_id, r.recorded_at)  # fmt: skip


async def _event(conn: Any, s: str, r: RecordedEvent) -> None:
    match event_codec.decode(r):
        case e.LiveEventWritten() as w:
            await conn.execute(
                f"""INSERT INTO {s}.live_events (id, organisation_id, environment_id, input_id, name, description,
                        label_ids, start_time, end_time, image, deleted, created_at, updated_at, number, version,
                        customer_event_id, audience_size, audience_locations, coordinators, tags, objects,
                        created_by, modified_by)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, false, $11, $11, $12, 0, $13, $14, $15, $16,
                            $17, $18::jsonb, $19, $19)
                    ON CONFLICT (id) DO UPDATE SET environment_id = excluded.environment_id,
                        input_id = excluded.input_id, name = excluded.name, description = excluded.description,
                        label_ids = excluded.label_ids,
                        start_time = excluded.start_time, end_time = excluded.end_time, image = excluded.image,
                        updated_at = excluded.updated_at, version = {s}.live_events.version + 1,
                        customer_event_id = excluded.customer_event_id, audience_size = excluded.audience_size,
                        audience_locations = excluded.audience_locations, coordinators = excluded.coordinators,
                        tags = excluded.tags, objects = excluded.objects, modified_by = excluded.modified_by""",
                w.event_id, w.organisation_id, w.environment_id, w.input_id, w.name, w.description,
                list(w.label_ids), w.start, w.end, w.image, r.recorded_at, w.number, w.customer_event_id,
                w.audience_size, list(w.audience_locations), list(w.coordinators), list(w.tags),
                json.dumps(list(w.objects)), w.by,
            )  # fmt: skip
        case e.LiveEventDeleted() as deleted:
            await conn.execute(f"UPDATE {s}.live_events SET deleted = true, updated_at = $2 WHERE id = $1",
                               deleted.event_id, r.recorded_at)  # fmt: skip
        case e.TagNamed() as tag:
            await conn.execute(f"INSERT INTO {s}.event_tags (organisation_id, id, name) VALUES ($1, $2, $3)",
                               tag.organisation_id, tag.tag_id, tag.name)  # fmt: skip


KNOWN = Projection(
    "known_endpoints", ["environments", "inputs", "outputs"],
    dict.fromkeys([event_codec.name_of(k) for k in (e.EnvironmentNoted, e.InputNoted, e.OutputNoted)], _environment),
)  # fmt: skip
SCHEDULE_EVENTS = (e.ScheduleCreated, e.ScheduleChanged, e.SubscriptionChanged, e.ScheduleDisconnected,
                   e.ScheduleDeleted)  # fmt: skip
SCHEDULES = Projection("schedules", ["schedules"], {event_codec.name_of(k): _schedule for k in SCHEDULE_EVENTS})
LIVE_EVENTS = (e.LiveEventCreated, e.LiveEventChanged, e.LiveEventDeleted, e.TagNamed)
EVENTS = Projection("live_events", ["live_events", "event_tags"], {event_codec.name_of(k): _event for k in LIVE_EVENTS})
PROJECTIONS = [KNOWN, SCHEDULES, EVENTS, full_sets.PROJECTION]
