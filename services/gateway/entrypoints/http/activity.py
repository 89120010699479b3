"""The managing organisation's activity log (A005) and its schema: every organisation event, newest first."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from common.http.lists import page, schema_handler
from common.listing import Field, ListSpec
from gateway.context import SCHEMA as S
from gateway.contract.schemas.lists import ActivityEntry
from gateway.entrypoints.http.views import managing_of

ACTIVITY = ListSpec(
    source=f"{S}.activity_log",
    fields=[
        Field("id", "integer"),
        Field("occurred_at", "datetime"),
        Field("type", help="the integration event, e.g. gateway.UserJoinedOrganisation"),
        Field("actor_user_id", "uuid", nullable=True, help="who did it, when a user did"),
        Field("resource_type", help="organisation, user, invitation, label or environment"),
        Field("resource_id"),
        Field("summary", max_length=500),
    ],
    default_order="-occurred_at",
)


def _entry(row: Any) -> ActivityEntry:
    return ActivityEntry.model_validate({**row, "resource_uri": f"/api/activity_log?id={row['id']}"})


async def list_activity(request: web.Request) -> web.Response:
    return await page(request, ACTIVITY, _entry, ["organisation_id = $1"], [managing_of(request)])


HANDLERS = {
    "activity_log.list": list_activity,
    "activity_log.schema": schema_handler(ACTIVITY, "What happened in the managing organisation, newest first"),
}
