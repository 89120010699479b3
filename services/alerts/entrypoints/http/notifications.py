"""The caller's notifications in the managing organisation: list (A162, A167) and its schema, mark read (A168,
A164), delete (A169, A163); muted categories of the organisation (A165, A166) and of the caller (A275)."""

from __future__ import annotations

import uuid
from typing import Any

from aiohttp import web

from alerts.config import SCHEMA
from alerts.context import managing_organisation, run_of
from alerts.contract.categories import NAMES
from alerts.contract.notifications import MutedCategories, NotificationIds, NotificationView
from alerts.service_layer import notifications
from common.http.bodies import json_response, read_model
from common.http.lists import page, schema_handler
from common.http.principal import principal_of
from common.http.problems import not_found
from common.listing import Field, ListSpec

NO_USER = uuid.UUID(int=0)
NOTIFICATIONS = ListSpec(
    source=f"""(SELECT n.*, i.user_id, i.read_at IS NOT NULL AS read FROM {SCHEMA}.notifications n
                JOIN {SCHEMA}.notification_inbox i ON i.notification_id = n.id) AS mine""",
    fields=[
        Field("id", "uuid"),
        Field("category", help=f"one of: {', '.join(NAMES)}"),
        Field("message", help="what happened"),
        Field("resource_id", nullable=True, help="what it happened to (an environment's id, say)"),
        Field("read", "boolean", help="whether you marked it read"),
        Field("organisation_id", "integer", filterable=False),
        Field("created_at", "datetime"),
    ],
    default_order="-created_at",
)


def _view(row: Any) -> NotificationView:
    return NotificationView.model_validate({**row, "resource_uri": f"/api/notifications/{row['id']}"})


def _caller(request: web.Request) -> tuple[int, uuid.UUID]:
    """A generated token acts for its organisation, not for a user: no notification is sent to it."""
    return managing_organisation(request), principal_of(request).user_id or NO_USER


def _notification_id(request: web.Request) -> uuid.UUID:
    try:
        return uuid.UUID(request.match_info["notification_id"])
    except ValueError as exc:
        raise not_found("notification") from exc


async def list_notifications(request: web.Request) -> web.Response:
    organisation_id, user_id = _caller(request)
    return await page(
        request, NOTIFICATIONS, _view, ["organisation_id = $1", "user_id = $2"], [organisation_id, user_id]
    )


async def read_one(request: web.Request) -> web.Response:
    await notifications.read(run_of(request), *_caller(request), [_notification_id(request)])
    return web.Response(status=204)


async def read_many(request: web.Request) -> web.Response:
    body = await read_model(request, NotificationIds)
    await notifications.read(run_of(request), *_caller(request), body.notification_ids)
    return web.Response(status=204)


async def delete_one(request: web.Request) -> web.Response:
    await notifications.delete(run_of(request), *_caller(request), [_notification_id(request)])
    return web.Response(status=204)


async def delete_many(request: web.Request) -> web.Response:
    body = await read_model(request, NotificationIds)
    await notifications.delete(run_of(request), *_caller(request), body.notification_ids)
    return web.Response(status=204)


async def mute_for_organisation(request: web.Request) -> web.Response:
    body = await read_model(request, MutedCategories)
    muted = await notifications.mute(run_of(request), managing_organisation(request), None, body.categories)
    return json_response(MutedCategories(categories=muted))


async def muted_for_organisation(request: web.Request) -> web.Response:
    return json_response(
        MutedCategories(categories=await notifications.muted(run_of(request), managing_organisation(request), None))
    )


async def mute_for_user(request: web.Request) -> web.Response:
    body, (organisation_id, user_id) = await read_model(request, MutedCategories), _caller(request)
    if user_id == NO_USER:
        raise not_found("user")
    muted = await notifications.mute(run_of(request), organisation_id, user_id, body.categories)
    return json_response(MutedCategories(categories=muted))


HANDLERS = {
    "notifications.list": list_notifications,
    "notifications.schema": schema_handler(NOTIFICATIONS, "Your notifications in the managing organisation"),
    "notifications.list_for_organisation": list_notifications,
    "notifications.schema_for_organisation": schema_handler(
        NOTIFICATIONS, "Your notifications in the managing organisation"
    ),
    "notifications.read": read_one,
    "notifications.read_many": read_many,
    "notifications.delete": delete_one,
    "notifications.delete_many": delete_many,
    "notifications.mute_for_organisation": mute_for_organisation,
    "notifications.muted_for_organisation": muted_for_organisation,
    "notifications.mute_for_user": mute_for_user,
}
