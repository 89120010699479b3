"""What a guest may take: inputs (A213, A214), event labels (A117, A118), and per invitation token the channel
visibility per environment (A217) and the maximum number of destinations (A219)."""

from __future__ import annotations

from aiohttp import web

from common.http.bodies import created, json_response, read_model
from gateway.contract.schemas.sources import (
    ChannelVisibility,
    GrantInput,
    GrantLabel,
    InputGrantView,
    LabelGrantView,
    MaxDestinations,
)
from gateway.domain import source_permissions
from gateway.entrypoints.http.source_views import fetch_invitation, invitation_uri
from gateway.entrypoints.http.views import managing_of, units_of, uuid_param
from gateway.service_layer import source_invitations as service


async def grant_input(request: web.Request) -> web.Response:
    body = await read_model(request, GrantInput)
    units, owner, invitation_id = units_of(request), managing_of(request), uuid_param(request, "invitation_id")
    if body.environment_id is not None:
        await service.environment_of(units, owner, body.environment_id, "environment_id")
    await service.change(
        units, owner, invitation_id, lambda inv: source_permissions.grant_input(inv, body.input_id, body.environment_id)
    )
    uri = f"{invitation_uri(invitation_id)}/inputs/{body.input_id}"
    view = InputGrantView(invitation_id=invitation_id, **body.model_dump(), resource_uri=uri)
    return created(view, view.resource_uri)


async def revoke_input(request: web.Request) -> web.Response:
    input_id, invitation_id = request.match_info["input_id"], uuid_param(request, "invitation_id")
    await service.change(
        units_of(request), managing_of(request), invitation_id, lambda i: source_permissions.revoke_input(i, input_id)
    )
    return web.Response(status=204)


async def grant_label(request: web.Request) -> web.Response:
    body = await read_model(request, GrantLabel)
    invitation_id = uuid_param(request, "invitation_id")
    await service.grant_label(units_of(request), managing_of(request), invitation_id, body.label_id)
    uri = f"{invitation_uri(invitation_id)}/labels/{body.label_id}"
    view = LabelGrantView(invitation_id=invitation_id, label_id=body.label_id, resource_uri=uri)
    return created(view, view.resource_uri)


async def revoke_label(request: web.Request) -> web.Response:
    label_id, invitation_id = uuid_param(request, "label_id"), uuid_param(request, "invitation_id")
    await service.change(
        units_of(request), managing_of(request), invitation_id, lambda i: source_permissions.revoke_label(i, label_id)
    )
    return web.Response(status=204)


async def channel_visibility(request: web.Request) -> web.Response:
    body = await read_model(request, ChannelVisibility)
    units, owner, environment_id = units_of(request), managing_of(request), uuid_param(request, "environment_id")
    invitation_id = await service.invitation_id_for(units, request.match_info["token"])
    await service.environment_of(units, owner, environment_id)
    show = body.show_all_channels
    await service.change(
        units, owner, invitation_id, lambda i: source_permissions.set_channel_visibility(i, environment_id, show)
    )
    return json_response(await fetch_invitation(request, invitation_id))


async def max_destinations(request: web.Request) -> web.Response:
    body = await read_model(request, MaxDestinations)
    units, owner = units_of(request), managing_of(request)
    invitation_id = await service.invitation_id_for(units, request.match_info["token"])
    if body.environment_id is not None:
        await service.environment_of(units, owner, body.environment_id, "environment_id")
    await service.change(
        units,
        owner,
        invitation_id,
        lambda i: source_permissions.set_max_destinations(i, body.environment_id, body.max_destinations),
    )
    return json_response(await fetch_invitation(request, invitation_id))


HANDLERS = {
    "source_invitations.grant_input": grant_input,
    "source_invitations.revoke_input": revoke_input,
    "source_invitations.grant_label": grant_label,
    "source_invitations.revoke_label": revoke_label,
    "source_invitations.channel_visibility": channel_visibility,
    "source_invitations.max_destinations": max_destinations,
}
