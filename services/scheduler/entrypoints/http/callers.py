"""Whose schedules and events a caller touches: its managing organisation's (a superuser: anyone's)."""

from __future__ import annotations

from aiohttp import web

from common.http.principal import principal_of
from common.http.problems import conflict, not_found


def managing(request: web.Request) -> int:
    organisation_id = principal_of(request).managing_organisation_id
    if organisation_id is None:
        raise conflict("you have no managing organisation; create one or switch to one first")
    return organisation_id


def scope(request: web.Request, what: str) -> int | None:
    """The organisation whose ``what`` the caller may touch; None lets a superuser touch any."""
    principal = principal_of(request)
    if principal.is_superuser:
        return None
    if principal.managing_organisation_id is None:
        raise not_found(what)
    return principal.managing_organisation_id
