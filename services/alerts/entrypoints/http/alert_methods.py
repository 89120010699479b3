"""Alert methods of the managing organisation: list (A171) and its schema, create (A172), update (A173),
delete (A174)."""

from __future__ import annotations

import uuid
from typing import Any

from aiohttp import web

from alerts.adapters.known import known_of
from alerts.adapters.webhooks import webhooks_of
from alerts.config import SCHEMA
from alerts.context import managing_organisation, run_of
from alerts.contract.schemas import AlertMethodView, CreateAlertMethod, UpdateAlertMethod
from alerts.service_layer import alert_methods
from common.http.app import RUNTIME
from common.http.bodies import created, json_response, read_model
from common.http.lists import page, schema_handler
from common.http.problems import not_found
from common.listing import Field, ListSpec

METHODS = ListSpec(
    source=f"{SCHEMA}.alert_methods",
    fields=[
        Field("id", "uuid"),
        Field("name", max_length=65, help="the method's name"),
        Field("alert_type", help="email or slack"),
        Field("organisation_id", "integer", filterable=False),
        Field("created_at", "datetime"),
    ],
    default_order="name",
)


def _uri(method_id: object) -> str:
    return f"/api/alert_methods/{method_id}"


def _method(row: Any) -> AlertMethodView:
    return AlertMethodView.model_validate({**row, "resource_uri": _uri(row["id"])})


def _method_id(request: web.Request) -> uuid.UUID:
    try:
        return uuid.UUID(request.match_info["method_id"])
    except ValueError as exc:
        raise not_found("alert method") from exc


async def _fetch(request: web.Request, method_id: uuid.UUID) -> AlertMethodView:
    row = await request.app[RUNTIME].pool.fetchrow(f"SELECT * FROM {SCHEMA}.alert_methods WHERE id = $1", method_id)
    if row is None:
        raise not_found("alert method")
    return _method(row)


async def list_methods(request: web.Request) -> web.Response:
    return await page(request, METHODS, _method, ["organisation_id = $1"], [managing_organisation(request)])


async def create(request: web.Request) -> web.Response:
    body, organisation_id = await read_model(request, CreateAlertMethod), managing_organisation(request)
    method_id = await alert_methods.create(run_of(request), webhooks_of, organisation_id, body.name, body.alert_type,
                                           body.notification_parameters)  # fmt: skip
    return created(await _fetch(request, method_id), _uri(method_id))


async def update(request: web.Request) -> web.Response:
    body, organisation_id = await read_model(request, UpdateAlertMethod), managing_organisation(request)
    method_id = _method_id(request)
    await alert_methods.update(run_of(request), webhooks_of, organisation_id, method_id, body.name, body.alert_type,
                               body.notification_parameters)  # fmt: skip
    return json_response(await _fetch(request, method_id))


async def delete(request: web.Request) -> web.Response:
    await alert_methods.delete(run_of(request), webhooks_of, known_of, managing_organisation(request),
                               _method_id(request))  # fmt: skip
    return web.Response(status=204)


HANDLERS = {
    "alert_methods.list": list_methods,
    "alert_methods.schema": schema_handler(METHODS, "Alert methods of the managing organisation"),
    "alert_methods.create": create,
    "alert_methods.update": update,
    "alert_methods.delete": delete,
}
