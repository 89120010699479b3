"""Dashboard groups of the managing organisation: list (A040) and its schema, create (A041), update (A042),
delete (A043)."""

from __future__ import annotations

import uuid
from typing import Any

from aiohttp import web

from common.http.app import RUNTIME
from common.http.bodies import created, json_response, read_model
from common.http.lists import page, schema_handler
from common.http.principal import principal_of
from common.http.problems import conflict, not_found
from common.listing import Field, ListSpec
from streams.config import SCHEMA
from streams.context import run_of
from streams.contract.schemas import CreateDashboardGroup, DashboardGroupView, UpdateDashboardGroup
from streams.service_layer import dashboard_groups

GROUPS = ListSpec(
    source=f"{SCHEMA}.dashboard_groups",
    fields=[
        Field("id", "uuid"),
        Field("name", max_length=100, help="the group's name, unique in the organisation"),
        Field("group_type", help="source, destination, mv (multi-viewer) or transcoder"),
        Field("organisation_id", "integer", filterable=False),
        Field("created_at", "datetime"),
    ],
    default_order="name",
)


def _uri(group_id: object) -> str:
    return f"/api/dashboard_groups/{group_id}"


def _group(row: Any) -> DashboardGroupView:
    return DashboardGroupView.model_validate({**row, "resource_uri": _uri(row["id"])})


def _managing(request: web.Request) -> int:
    organisation_id = principal_of(request).managing_organisation_id
    if organisation_id is None:
        raise conflict("you have no managing organisation; create one or switch to one first")
    return organisation_id


def _group_id(request: web.Request) -> uuid.UUID:
    try:
        return uuid.UUID(request.match_info["group_id"])
    except ValueError as exc:
        raise not_found("dashboard group") from exc


async def _fetch(request: web.Request, group_id: uuid.UUID) -> DashboardGroupView:
    row = await request.app[RUNTIME].pool.fetchrow(f"SELECT * FROM {SCHEMA}.dashboard_groups WHERE id = $1", group_id)
    if row is None:
        raise not_found("dashboard group")
    return _group(row)


async def list_groups(request: web.Request) -> web.Response:
    return await page(request, GROUPS, _group, ["organisation_id = $1"], [_managing(request)])


async def create(request: web.Request) -> web.Response:
    body, organisation_id = await read_model(request, CreateDashboardGroup), _managing(request)
    group_id = await dashboard_groups.create(run_of(request), organisation_id, body.name, body.group_type)
    return created(await _fetch(request, group_id), _uri(group_id))


async def update(request: web.Request) -> web.Response:
    body, organisation_id = await read_model(request, UpdateDashboardGroup), _managing(request)
    group_id = _group_id(request)
    await dashboard_groups.update(run_of(request), organisation_id, group_id, body.name, body.group_type)
    return json_response(await _fetch(request, group_id))


async def delete(request: web.Request) -> web.Response:
    await dashboard_groups.delete(run_of(request), _managing(request), _group_id(request))
    return web.Response(status=204)


HANDLERS = {
    "dashboard_groups.list": list_groups,
    "dashboard_groups.schema": schema_handler(GROUPS, "Dashboard groups of the managing organisation"),
    "dashboard_groups.create": create,
    "dashboard_groups.update": update,
    "dashboard_groups.delete": delete,
}
