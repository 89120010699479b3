"""Invitations to the managing organisation: made by adding a user (A170), looked at and removed by its admins
(P05, A182), accepted or declined by the invited user (A183)."""

from __future__ import annotations

from aiohttp import web

from common.http.bodies import created, json_response, read_model
from common.http.idempotency import no_store
from gateway.adapters import mails
from gateway.context import gateway_of
from gateway.contract.schemas.organisations import AcceptInvitation, AddUser, InvitationView, InvitedUser
from gateway.domain.organisations import Member
from gateway.entrypoints.http.views import caller_id, managing_of, units_of, uuid_param
from gateway.service_layer import invitations


def invitation_uri(email: str) -> str:
    return f"/api/organisation/invitations/{email}"


async def add(request: web.Request) -> web.Response:
    body = await read_model(request, AddUser)
    invited = await invitations.add_user(units_of(request), managing_of(request), body.email, body.permission_type)
    mail = mails.invitation(body.email, invited.organisation_name, invited.invitation_id, invited.code)
    gateway_of(request).postbox.post(mail)
    view = InvitedUser(
        invitation_id=invited.invitation_id,
        email=body.email,
        permission_type=body.permission_type,
        password=invited.code,
        resource_uri=invitation_uri(body.email),
    )
    return no_store(created(view, view.resource_uri))


def _view(organisation_id: int, invited: Member, pending: bool) -> InvitationView:
    return InvitationView(
        invitation_id=invited.invitation_id,
        organisation_id=organisation_id,
        email=invited.email,
        permission_type=invited.permission_type,
        status="pending" if pending else "accepted",
        resource_uri=invitation_uri(invited.email),
    )


async def details(request: web.Request) -> web.Response:
    organisation_id = managing_of(request)
    invited, pending = await invitations.find(units_of(request), organisation_id, request.match_info["email"])
    return json_response(_view(organisation_id, invited, pending))


async def remove(request: web.Request) -> web.Response:
    await invitations.remove_invitation(units_of(request), managing_of(request), request.match_info["email"])
    return web.Response(status=204)


async def accept(request: web.Request) -> web.Response:
    body = await read_model(request, AcceptInvitation)
    invitation_id, user_id = uuid_param(request, "invitation_id"), caller_id(request)
    organisation_id = await invitations.accept_invitation(units_of(request), invitation_id, user_id, body.code)
    invited, pending = await invitations.find_by_id(units_of(request), organisation_id, invitation_id)
    return json_response(_view(organisation_id, invited, pending))


async def decline(request: web.Request) -> web.Response:
    await invitations.decline_invitation(units_of(request), uuid_param(request, "invitation_id"), caller_id(request))
    return web.Response(status=204)


HANDLERS = {
    "organisation_users.add": add,
    "organisation_invitations.details": details,
    "organisation_invitations.remove": remove,
    "organisation_invitations.accept": accept,
    "organisation_invitations.decline": decline,
}
