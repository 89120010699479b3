"""Organisations: create (A179), read, update (A188) and delete (A134)."""

from __future__ import annotations

from aiohttp import web

from common.http.bodies import created, json_response, read_model
from common.http.principal import principal_of
from common.http.problems import not_found
from gateway.context import SCHEMA, gateway_of
from gateway.contract.schemas.organisations import CreateOrganisation, OrganisationView, UpdateOrganisation
from gateway.entrypoints.http.views import int_param, organisation_view, units_of, user_of
from gateway.service_layer.organisations import create_organisation, update_details
from gateway.service_layer.removals import delete_organisation


async def fetch_organisation(request: web.Request, organisation_id: int) -> OrganisationView:
    row = await gateway_of(request).pool.fetchrow(
        f"SELECT * FROM {SCHEMA}.organisations WHERE id = $1 AND deleted_at IS NULL", organisation_id
    )
    if row is None:
        raise not_found("organisation")
    return organisation_view(row)


async def create(request: web.Request) -> web.Response:
    body = await read_model(request, CreateOrganisation)
    _, principal = user_of(request)
    organisation_id = await create_organisation(units_of(request), principal, body.name, request.remote)
    view = await fetch_organisation(request, organisation_id)
    return created(view, view.resource_uri)


async def details(request: web.Request) -> web.Response:
    organisation_id = int_param(request, "organisation_id")
    principal = principal_of(request)
    if not principal.is_staff:
        member = principal.user_id and await gateway_of(request).pool.fetchval(
            f"SELECT true FROM {SCHEMA}.memberships WHERE organisation_id = $1 AND user_id = $2",
            organisation_id,
            principal.user_id,
        )
        if not member and principal.managing_organisation_id != organisation_id:
            raise not_found("organisation")
    return json_response(await fetch_organisation(request, organisation_id))


async def update(request: web.Request) -> web.Response:
    organisation_id = int_param(request, "organisation_id")
    body = await read_model(request, UpdateOrganisation)
    await update_details(units_of(request), organisation_id, body.model_dump(exclude_unset=True))
    return json_response(await fetch_organisation(request, organisation_id))


async def delete(request: web.Request) -> web.Response:
    await delete_organisation(units_of(request), int_param(request, "organisation_id"))
    return web.Response(status=204)


HANDLERS = {
    "organisations.create": create,
    "organisations.details": details,
    "organisations.update": update,
    "organisations.delete": delete,
}
