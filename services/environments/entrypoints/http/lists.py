"""Environment lists: running in the active organisation (A044), dropdown (A116), and the status API (P08)."""

from __future__ import annotations

from aiohttp import web

from common import listing
from common.http.app import RUNTIME
from common.http.bodies import json_response
from common.http.lists import page, schema_handler
from common.http.principal import principal_of
from common.http.problems import not_found
from environments.context import SCHEMA
from environments.entrypoints.http.access import environment_id_of, managing_organisation, scope_organisation
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
STATUS_SELECT = (
    "e.id, e.name, e.cloud_provider, e.region, e.state, e.health, e.created_at, l.media_state, l.last_heartbeat_at, "
    "l.load"
)


async def running(request: web.Request) -> web.Response:
    principal = principal_of(request)
    view = environment_view if principal.active_role or principal.is_superuser else guest_view
    where = ["e.organisation_id = $1", "e.state = 'running'"]
    return await page(request, ENVIRONMENTS, view, where, [scope_organisation(request)], "e.*")


async def dropdown(request: web.Request) -> web.Response:
    where = ["e.organisation_id = $1"]
    return await page(request, ENVIRONMENTS, environment_view, where, [managing_organisation(request)], "e.*")


async def status_list(request: web.Request) -> web.Response:
    where = ["e.organisation_id = $1", "e.state <> 'deleted'"]
    return await page(request, STATUS, status_view, where, [scope_organisation(request)], STATUS_SELECT)


async def status_detail(request: web.Request) -> web.Response:
    row = await request.app[RUNTIME].pool.fetchrow(
        f"SELECT {STATUS_SELECT}, e.organisation_id FROM {STATUS.source} WHERE e.id = $1", environment_id_of(request)
    )
    principal = principal_of(request)
    if row is None or not (principal.is_superuser or row["organisation_id"] == principal.active_organisation_id):
        raise not_found("environment")
    return json_response(status_view(row))


HANDLERS = {
    "environments.running": running,
    "environments.running_schema": schema_handler(ENVIRONMENTS, "Environments running in the active organisation"),
    "environments.dropdown": dropdown,
    "environments.dropdown_schema": schema_handler(ENVIRONMENTS, "Environments of the managing organisation"),
    "environments.status_list": status_list,
    "environments.status_detail": status_detail,
    "environments.status_schema": schema_handler(
        STATUS, "Live state and load of environments (from agents' heartbeats)"
    ),
}
