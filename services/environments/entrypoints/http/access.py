"""Object-level checks: which environment a caller may see or act on (404 rather than 403 across tenants)."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from aiohttp import web

from common.http.app import RUNTIME
from common.http.principal import Principal, principal_of
from common.http.problems import forbidden, not_found
from environments.context import SCHEMA

View = Literal["full", "guest"]


def environment_id_of(request: web.Request) -> uuid.UUID:
    try:
        return uuid.UUID(request.match_info["environment_id"])
    except ValueError as exc:
        raise not_found("environment") from exc


async def environment_row(request: web.Request) -> Any:
    row = await request.app[RUNTIME].pool.fetchrow(
        f"SELECT * FROM {SCHEMA}.environments WHERE id = $1", environment_id_of(request)
    )
    if row is None:
        raise not_found("environment")
    return row


def role_in(principal: Principal, organisation_id: int) -> str | None:
    if principal.managing_organisation_id == organisation_id and principal.managing_role:
        return principal.managing_role
    if principal.active_organisation_id == organisation_id:
        return principal.active_role
    return None


async def admin_environment(request: web.Request) -> Any:
    """For lifecycle actions: admins of the environment's organisation, or superusers."""
    row, principal = await environment_row(request), principal_of(request)
    if principal.is_superuser:
        return row
    role = role_in(principal, row["organisation_id"])
    if role is None:
        raise not_found("environment")
    if role != "admin":
        raise forbidden("only admins of the environment's organisation may do this")
    return row


async def visible_environment(request: web.Request) -> tuple[Any, View]:
    """For reading: members of the active organisation see it all, its guests a reduced view, an agent its own."""
    row, principal = await environment_row(request), principal_of(request)
    if principal.is_superuser or (principal.kind == "agent" and principal.environment_id == row["id"]):
        return row, "full"
    if principal.active_organisation_id == row["organisation_id"]:
        if principal.active_role is not None:
            return row, "full"
        if principal.active_guest is not None and principal.active_guest.registered:
            return row, "guest"
    raise not_found("environment")


def scope_organisation(request: web.Request) -> int:
    """The organisation a list is about: the caller's active one."""
    organisation_id = principal_of(request).active_organisation_id
    if organisation_id is None:
        raise not_found("active organisation")
    return organisation_id


def managing_organisation(request: web.Request) -> int:
    """The caller's managing organisation, which some routes need even from a superuser (A025, A116)."""
    organisation_id = principal_of(request).managing_organisation_id
    if organisation_id is None:
        raise not_found("managing organisation")
    return organisation_id
