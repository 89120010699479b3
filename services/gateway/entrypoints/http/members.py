"""The managing organisation's members: remove (A175), permission (A176), list (A177),
root user (A181), leaving (A184)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from common.http.bodies import json_response, read_model
from common.http.lists import page, schema_handler
from common.http.principal import principal_of
from common.listing import Field, ListSpec
from gateway.context import SCHEMA as S
from gateway.contract.schemas.organisations import (
    ChangeRoot,
    MemberPermission,
    MemberView,
    UpdatePermission,
)
from gateway.entrypoints.http.organisations import fetch_organisation
from gateway.entrypoints.http.views import caller_id, managing_of, units_of, uuid_param
from gateway.service_layer import members

MEMBERS = ListSpec(
    source=f"""(SELECT m.user_id AS id, m.organisation_id, u.email, u.name, m.permission_type,
                       coalesce(o.root_user_id = m.user_id, false) AS is_root, m.created_at
                FROM {S}.memberships m
                JOIN {S}.users u ON u.id = m.user_id
                JOIN {S}.organisations o ON o.id = m.organisation_id) AS members""",
    fields=[
        Field("id", "uuid"),
        Field("email", max_length=254),
        Field("name"),
        Field("permission_type", help="admin, operator or monitor"),
        Field("is_root", "boolean"),
        Field("created_at", "datetime"),
    ],
    default_order="created_at",
)


def member_uri(user_id: object) -> str:
    return f"/api/organisation/users/{user_id}"


def _member(row: Any) -> MemberView:
    return MemberView.model_validate({**row, "resource_uri": member_uri(row["id"])})


async def remove(request: web.Request) -> web.Response:
    user_id = uuid_param(request, "user_id")
    await members.remove_user(units_of(request), managing_of(request), principal_of(request).user_id, user_id)
    return web.Response(status=204)


async def update(request: web.Request) -> web.Response:
    body = await read_model(request, UpdatePermission)
    organisation_id, user_id = managing_of(request), uuid_param(request, "user_id")
    units, by_superuser = units_of(request), principal_of(request).is_superuser
    await members.update_permission(
        units, organisation_id, user_id, body.permission_type, body.enabled, by_superuser=by_superuser
    )
    view = MemberPermission(
        user_id=user_id,
        organisation_id=organisation_id,
        enabled=body.enabled,
        permission_type=body.permission_type if body.enabled else None,
        resource_uri=member_uri(user_id),
    )
    return json_response(view)


async def list_members(request: web.Request) -> web.Response:
    """Admins, superusers and accounts users see everyone; other members (and generated tokens) only themselves."""
    principal = principal_of(request)
    where, params = ["organisation_id = $1"], [managing_of(request)]
    if principal.is_staff or principal.managing_role == "admin":
        return await page(request, MEMBERS, _member, where, params)
    return await page(request, MEMBERS, _member, [*where, "id = $2"], [*params, principal.user_id])


async def change_root(request: web.Request) -> web.Response:
    body = await read_model(request, ChangeRoot)
    organisation_id = managing_of(request)
    await members.change_root(units_of(request), organisation_id, body.user_id)
    return json_response(await fetch_organisation(request, organisation_id))


async def leave(request: web.Request) -> web.Response:
    await members.leave(units_of(request), managing_of(request), caller_id(request))
    return web.Response(status=204)


HANDLERS = {
    "organisation_users.remove": remove,
    "organisation_users.update": update,
    "organisation_users.list": list_members,
    "organisation_users.schema": schema_handler(MEMBERS, "Users of the managing organisation"),
    "organisation.change_root": change_root,
    "organisation.leave": leave,
}
