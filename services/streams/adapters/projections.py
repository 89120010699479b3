"""The streams service's projections: the dashboard groups list, inputs, outputs and the environments they are on."""

from __future__ import annotations

from typing import Any

from common.eventstore import RecordedEvent
from common.projections import Projection
from streams.adapters import event_codec
from streams.adapters.channel_projections import CHANNELS
from streams.adapters.input_projections import ENVIRONMENTS, INPUTS
from streams.adapters.output_projections import OUTPUTS
from streams.domain import events as e


async def _group(conn: Any, s: str, r: RecordedEvent) -> None:
    match event_codec.decode(r):
        case e.DashboardGroupCreated() as created:
            await conn.execute(
                f"""INSERT INTO {s}.dashboard_groups (id, organisation_id, name, group_type, created_at)
                    VALUES ($1, $2, $3, $4, $5)""",
                created.group_id, created.organisation_id, created.name, created.group_type, r.recorded_at,
            )  # fmt: skip
        case e.DashboardGroupChanged() as changed:
            await conn.execute(
                f"UPDATE {s}.dashboard_groups SET name = $2, group_type = $3 WHERE id = $1",
                changed.group_id, changed.name, changed.group_type,
            )  # fmt: skip
        case e.DashboardGroupDeleted() as deleted:
            await conn.execute(f"DELETE FROM {s}.dashboard_groups WHERE id = $1", deleted.group_id)


GROUP_EVENTS = (e.DashboardGroupCreated, e.DashboardGroupChanged, e.DashboardGroupDeleted)
DASHBOARD_GROUPS = Projection(
    "dashboard_groups", ["dashboard_groups"], dict.fromkeys(map(event_codec.name_of, GROUP_EVENTS), _group)
)
PROJECTIONS = [DASHBOARD_GROUPS, INPUTS, ENVIRONMENTS, OUTPUTS, CHANNELS]
