"""Environment lists: running in the active organisation (A044), dropdown (A116), and the status API (P08)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from common import listing
from common.http.app import RUNTIME
from common.http.bodies import json_response
from common.http.principal import principal_of
from common.http.problems import not_found
from environments.context import SCHEMA
from environments.entrypoints.http.access import environment_id_of, scope_organisation
from environments.entrypoints.http.views import environment_view, guest_view, status_view

_COMMON_FIELDS = [
    listing.Field("id", "uuid", column="e.id"),
    listing.Field("name", "string", column="e.name", max_length=255, help="the environment's name"),
    listing.Field("state", "string", column="e.state", help="lifecycle state"),
    listing.Field("health", "string", column="e.health", help="ok, unreachable or degraded"),
    listing.Field("region", "string", column="e.region"),
    listing.Field("cloud_provider", "string", column="e.cloud_provider"),
    listing.Field("created_at", "datetime", column="e.created_at"),
]
ENVIRONMENTS = listing.ListSpec(
    source=f"{SCHEMA}.environments e", fields=_COMMON_FIELDS, key="e.id", default_order="name"
)
STATUS = listing.ListSpec(
    source=f"{SCHEMA}.environments e LEFT JOIN {SCHEMA}.environment_liveness l ON l.environment_id = e.id",
    fields=[
        *_COMMON_FIELDS,
        listing.Field("media_state", "string", column="l.media_state", nullable=True),
        listing.Field("last_heartbeat_at", "datetime", column="l.last_heartbeat_at", nullable=True),
        listing.Field("cpu_percent", "float", column="(l.load->>'cpu_percent')::float", nullable=True),
        listing.Field("outputs", "integer", column="(l.load->>'outputs')::int", nullable=True),
    ],
    key="e.id",
    default_order="name",
)
STATUS_SELECT = "e.id, e.name, e.state, e.health, l.media_state, l.last_heartbeat_at, l.load"


async def _page(request: web.Request, spec: listing.ListSpec, where: list[str], params: list[Any],
                to_object: Any, select: str = "e.*") -> web.Response:  # fmt: skip
    query = listing.parse(spec, request.query, where, params)
    page = await listing.fetch_page(
        request.app[RUNTIME].pool, spec, query, request.path, request.query, to_object, select
    )
    return json_response(page)


async def running(request: web.Request) -> web.Response:
    principal = principal_of(request)
    view = environment_view if principal.active_role or principal.is_superuser else guest_view
    where = ["e.organisation_id = $1", "e.state = 'running'"]
    return await _page(request, ENVIRONMENTS, where, [scope_organisation(request)], view)


async def dropdown(request: web.Request) -> web.Response:
    organisation_id = principal_of(request).managing_organisation_id
    if organisation_id is None:
        raise not_found("managing organisation")
    return await _page(request, ENVIRONMENTS, ["e.organisation_id = $1"], [organisation_id], environment_view)


async def status_list(request: web.Request) -> web.Response:
    where = ["e.organisation_id = $1", "e.state <> 'deleted'"]
    return await _page(request, STATUS, where, [scope_organisation(request)], status_view, STATUS_SELECT)


async def status_detail(request: web.Request) -> web.Response:
    row = await request.app[RUNTIME].pool.fetchrow(
        f"SELECT {STATUS_SELECT}, e.organisation_id FROM {STATUS.source} WHERE e.id = $1", environment_id_of(request)
    )
    principal = principal_of(request)
    if row is None or not (principal.is_superuser or row["organisation_id"] == principal.active_organisation_id):
        raise not_found("environment")
    return json_response(status_view(row))


async def status_schema(request: web.Request) -> web.Response:
    return json_response(
        listing.schema_document(STATUS, "Live state and load of environments (from agents' heartbeats)")
    )


HANDLERS = {
    "environments.running": running,
    "environments.dropdown": dropdown,
    "environments.status_list": status_list,
    "environments.status_detail": status_detail,
    "environments.status_schema": status_schema,
}
