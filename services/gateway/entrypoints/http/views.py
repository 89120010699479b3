"""Row → response helpers shared by the gateway's handlers."""

from __future__ import annotations

import uuid
from typing import Any

from aiohttp import web

from common.http.principal import Principal, principal_of
from common.http.problems import Problem, conflict
from gateway.context import Gateway, gateway_of
from gateway.contract.schemas.accounts import TokenResponse
from gateway.contract.schemas.organisations import OrganisationView
from gateway.domain import organisations
from gateway.service_layer.accounts import issue_token
from gateway.service_layer.work import Units


def units_of(request: web.Request) -> Units:
    return gateway_of(request).units


def organisation_view(row: Any) -> OrganisationView:
    return OrganisationView.model_validate({**row, "resource_uri": f"/api/organisations/{row['id']}"})


def user_of(request: web.Request) -> tuple[Gateway, Principal]:
    """The gateway and a principal that is a real user (generated tokens and agents have no user)."""
    principal = principal_of(request)
    if principal.user_id is None:
        raise Problem(403, "this needs a signed-in user, not a generated token")
    return gateway_of(request), principal


def caller_id(request: web.Request) -> uuid.UUID:
    """The signed-in user making the request (a generated token has none: 403)."""
    user_id = user_of(request)[1].user_id
    assert user_id is not None
    return user_id


def int_param(request: web.Request, name: str) -> int:
    value = organisations.parse_id(request.match_info[name])
    if value is None:
        raise Problem(404, f"no such {name.removesuffix('_id')}")
    return value


def managing_of(request: web.Request) -> int:
    """The caller's managing organisation, which the routes on "your organisation" act on."""
    organisation_id = principal_of(request).managing_organisation_id
    if organisation_id is None:
        raise conflict("you have no managing organisation; create one or switch to one first")
    return organisation_id


def uuid_param(request: web.Request, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(request.match_info[name])
    except ValueError as exc:
        raise Problem(404, f"no such {name.removesuffix('_id')}") from exc


async def token_body(request: web.Request, user_id: uuid.UUID) -> TokenResponse:
    """A fresh JWT for the user's context as it is now (after a switch)."""
    gateway = gateway_of(request)
    token = await issue_token(units_of(request), gateway.jwt, user_id)
    return TokenResponse(jwt_token=token, expires_in=gateway.jwt.ttl_seconds)
