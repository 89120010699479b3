"""Source invitations: create (A185), accept (A186), list (A212), update flags (A215), delete or leave (A216)."""

from __future__ import annotations

from aiohttp import web

from common.http.bodies import created, json_response, read_model
from common.http.idempotency import no_store
from common.http.lists import page, schema_handler
from common.http.principal import principal_of
from gateway.contract.schemas.sources import (
    AcceptSourceInvitation,
    CreatedSourceInvitation,
    CreateSourceInvitation,
    UpdateSourcePermissions,
)
from gateway.entrypoints.http.source_views import INVITATIONS, fetch_invitation, invitation_uri, invitation_view
from gateway.entrypoints.http.views import managing_of, units_of, uuid_param
from gateway.service_layer import source_invitations


async def create(request: web.Request) -> web.Response:
    body = await read_model(request, CreateSourceInvitation)
    owner, by = managing_of(request), principal_of(request).user_id
    invitation_id, token = await source_invitations.create(
        units_of(request), owner, body.destination_temporary_name, by
    )
    view = CreatedSourceInvitation(
        id=invitation_id,
        source_organisation_id=owner,
        destination_temporary_name=body.destination_temporary_name,
        source_invitation_token=token,
        resource_uri=invitation_uri(invitation_id),
    )
    return no_store(created(view, view.resource_uri))


async def accept(request: web.Request) -> web.Response:
    body = await read_model(request, AcceptSourceInvitation)
    invitation_id = await source_invitations.accept(
        units_of(request), managing_of(request), body.source_invitation_token
    )
    return json_response(await fetch_invitation(request, invitation_id))


async def list_invitations(request: web.Request) -> web.Response:
    """Both sides: invitations the managing organisation made and those it accepted."""
    where = ["(source_organisation_id = $1 OR guest_organisation_id = $1)"]
    return await page(request, INVITATIONS, invitation_view, where, [managing_of(request)])


async def update(request: web.Request) -> web.Response:
    body = await read_model(request, UpdateSourcePermissions)
    invitation_id = uuid_param(request, "invitation_id")
    flags = body.model_dump(exclude_unset=True)
    await source_invitations.update_flags(units_of(request), managing_of(request), invitation_id, flags)
    return json_response(await fetch_invitation(request, invitation_id))


async def delete(request: web.Request) -> web.Response:
    await source_invitations.delete(units_of(request), principal_of(request), uuid_param(request, "invitation_id"))
    return web.Response(status=204)


HANDLERS = {
    "source_invitations.create": create,
    "source_invitations.accept": accept,
    "source_invitations.list": list_invitations,
    "source_invitations.schema": schema_handler(INVITATIONS, "Source invitations made or accepted"),
    "source_invitations.update": update,
    "source_invitations.delete": delete,
}
