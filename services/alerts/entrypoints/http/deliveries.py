"""An alert's delivery log (what was sent for it, to whom, with what outcome) and its schema."""

from __future__ import annotations

import uuid
from typing import Any

from aiohttp import web

from alerts.config import SCHEMA
from alerts.context import managing_organisation
from alerts.contract.deliveries import STATUS_HELP, DeliveryView
from common.http.lists import page, schema_handler
from common.http.principal import principal_of
from common.http.problems import not_found
from common.listing import Field, ListSpec

DELIVERIES = ListSpec(
    source=f"{SCHEMA}.deliveries",
    fields=[
        Field("id", "uuid"),
        Field("raise_id", "uuid", help="the raise episode"),
        Field("repeat", "integer", help="0 for the raise itself, then 1, 2, … as it is said again while ongoing"),
        Field("state", help="raised or cleared"),
        Field("alert_type", help="email or slack"),
        Field("target", help="the address, or the masked webhook"),
        Field("status", help=STATUS_HELP),
        Field("attempts", "integer"),
        Field("last_error", nullable=True, filterable=False),
        Field("created_at", "datetime"),
        Field("updated_at", "datetime"),
        Field("sent_at", "datetime", nullable=True),
    ],
    default_order="-created_at",
)


def _delivery(row: Any) -> DeliveryView:
    return DeliveryView.model_validate(dict(row))


async def deliveries(request: web.Request) -> web.Response:
    try:
        alert_id = uuid.UUID(request.match_info["alert_id"])
    except ValueError as exc:
        raise not_found("alert") from exc
    if principal_of(request).is_superuser:
        return await page(request, DELIVERIES, _delivery, ["alert_id = $1"], [alert_id])
    organisation_id = managing_organisation(request)
    where = ["alert_id = $1", "(organisation_id = $2 OR created_by_organisation_id = $2)"]
    return await page(request, DELIVERIES, _delivery, where, [alert_id, organisation_id])


HANDLERS = {
    "alerts.deliveries": deliveries,
    "alerts.deliveries_schema": schema_handler(DELIVERIES, "What was sent for an alert, newest first"),
}
