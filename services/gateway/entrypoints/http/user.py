"""The signed-in user: details (A273), getting started (A274), active organisation (A276), permissions (A277),
and users by id: details (A278) and deletion by a superuser (A138)."""

from __future__ import annotations

from aiohttp import web

from common.http.bodies import json_bytes, json_response
from common.http.principal import principal_of
from common.http.problems import not_found
from gateway.context import gateway_of
from gateway.contract.schemas.accounts import PermissionsView
from gateway.domain import users
from gateway.entrypoints.http.organisations import fetch_organisation
from gateway.entrypoints.http.user_views import memberships, user_details
from gateway.entrypoints.http.views import caller_id, units_of, uuid_param
from gateway.service_layer.removals import delete_user
from gateway.service_layer.work import decide_one


async def me(request: web.Request) -> web.Response:
    """Asked on every page a client shows: answered from the read cache, which the gateway's log keeps true."""
    gateway, user_id = gateway_of(request), caller_id(request)

    async def load() -> bytes:
        return json_bytes(await user_details(gateway.pool, user_id))

    return web.Response(body=await gateway.reads.get(("user", user_id), load), content_type="application/json")


async def getting_started_seen(request: web.Request) -> web.Response:
    user_id = caller_id(request)
    await decide_one(units_of(request), users.stream(user_id), users.fold, users.mark_getting_started_seen)
    return json_response(await user_details(gateway_of(request).pool, user_id))


async def active_organisation(request: web.Request) -> web.Response:
    """Deprecated by the seed in favour of /api/user, kept for old clients."""
    organisation_id = principal_of(request).active_organisation_id
    if organisation_id is None:
        raise not_found("active organisation")
    return json_response(await fetch_organisation(request, organisation_id))


async def permissions(request: web.Request) -> web.Response:
    p = principal_of(request)
    view = PermissionsView(
        is_superuser=p.is_superuser,
        is_accounts_user=p.is_accounts_user,
        is_accounts_admin=p.is_accounts_admin,
        managing_organisation_id=p.managing_organisation_id,
        managing_role=p.managing_role,
        is_root=p.is_root,
        active_organisation_id=p.active_organisation_id,
        active_role=p.active_role,
        is_member_of_active_org=p.is_superuser or p.active_role is not None,
        via_generated_token=p.via_generated_token,
        memberships=await memberships(gateway_of(request).pool, p.user_id),
    )
    return json_response(view)


async def details(request: web.Request) -> web.Response:
    user_id, principal = uuid_param(request, "user_id"), principal_of(request)
    if user_id != principal.user_id and not principal.is_superuser:
        raise not_found("user")
    return json_response(await user_details(gateway_of(request).pool, user_id))


async def delete(request: web.Request) -> web.Response:
    await delete_user(units_of(request), uuid_param(request, "user_id"), principal_of(request).user_id)
    return web.Response(status=204)


HANDLERS = {
    "user.me": me,
    "user.getting_started_seen": getting_started_seen,
    "user.active_organisation": active_organisation,
    "user.permissions": permissions,
    "users.details": details,
    "users.delete": delete,
}
