"""Who is calling the gateway: a JWT, a generated organisation token, an agent or a cloud-worker credential."""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable
from http import HTTPStatus

from aiohttp import web

from common import credentials
from common.http.principal import ANONYMOUS, Principal, set_principal
from common.http.problems import Problem, unauthorized
from gateway.adapters import principals
from gateway.adapters.tokens import GENERATED, InvalidToken, verify_generated_token
from gateway.context import SCHEMA, Gateway, gateway_of
from gateway.domain import organisations
from switchyard.contracts import ROUTES

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
ORGANISATION_PARAMETER = "organizationId"
READ_BY_THEIR_ROUTES = frozenset(route.name for route in ROUTES if ORGANISATION_PARAMETER in route.query_names)
DIALECTS = {route.name: route.dialect_error for route in ROUTES if route.dialect_error is not None}


@web.middleware
async def authentication_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        principal = await authenticate(request, gateway_of(request))
        request = without_authentication_parameter(request)
        set_principal(request, principal)
        return await handler(request)
    except Problem as refused:
        return in_dialect(request, refused)


def in_dialect(request: web.Request, refused: Problem) -> web.StreamResponse:
    """A façade's caller refused here (401, 403...) is answered in the façade's dialect, as its service answers:
    ``{message, status: "error"}`` (seed 001, I08). Other routes, and failures of ours, stay problem details."""
    dialect = DIALECTS.get(request.match_info.route.name or "")
    if dialect is None or refused.status >= 500:
        raise refused
    body = dialect.model_validate({"message": refused.detail or HTTPStatus(refused.status).phrase})
    answer = web.json_response(body.model_dump(mode="json", exclude_none=True), status=refused.status)
    answer.headers.update(refused.headers)
    return answer


def without_authentication_parameter(request: web.Request) -> web.Request:
    """``organizationId`` says which organisation a generated token signs for (I01): it is the gateway's, so no
    route, list filter or service behind the gateway ever sees it, but for a route that reads it itself (the
    Icareus façade, whose every action names its organisation)."""
    if ORGANISATION_PARAMETER not in request.query or request.match_info.route.name in READ_BY_THEIR_ROUTES:
        return request
    return request.clone(rel_url=request.rel_url.without_query_params(ORGANISATION_PARAMETER))


async def authenticate(request: web.Request, gateway: Gateway) -> Principal:
    header = request.headers.get("Authorization")
    if not header:
        return ANONYMOUS
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise unauthorized("send Authorization: Bearer <token>")
    if token.startswith(credentials.AGENT_PREFIX):
        return await _agent(gateway, token)
    if token.startswith(credentials.WORKER_PREFIX):
        if credentials.verify_worker_credential(gateway.internal_key, token) is None:
            raise unauthorized("invalid cloud worker credential")
        return Principal(kind="cloud_worker")
    if GENERATED.match(token):
        return await _generated(request, gateway, token)
    return await _jwt(gateway, token)


async def _jwt(gateway: Gateway, token: str) -> Principal:
    try:
        claims = gateway.jwt.verify(token)
        user_id = uuid.UUID(claims["sub"])
    except (InvalidToken, ValueError) as exc:
        raise unauthorized(f"invalid token: {exc}") from exc
    session = await gateway.reads.get(
        ("principal", user_id), lambda: principals.user_principal(gateway.pool, SCHEMA, user_id)
    )
    if session is None:
        raise unauthorized("this user no longer exists")
    if claims.get("sv", 0) != session.version:
        raise unauthorized("this session ended when the password changed; log in again")
    return session.principal


async def _agent(gateway: Gateway, token: str) -> Principal:
    environment_id = credentials.verify_agent_credential(gateway.internal_key, token)
    principal = environment_id and await principals.agent_principal(gateway.pool, SCHEMA, environment_id)
    if not principal:
        raise unauthorized("invalid or revoked agent credential")
    return principal


async def _generated(request: web.Request, gateway: Gateway, token: str) -> Principal:
    raw = request.query.get(ORGANISATION_PARAMETER) or request.headers.get("X-Organization-Id")
    organisation_id = organisations.parse_id(raw or "")
    if organisation_id is None:
        raise unauthorized("a generated token needs the organizationId query parameter (or X-Organization-Id)")
    secret = await gateway.pool.fetchval(
        f"SELECT secret FROM {SCHEMA}.organisation_token_secrets WHERE organisation_id = $1", organisation_id
    )
    try:
        verify_generated_token(
            token,
            organisation_id,
            secret or "",
            gateway.settings.generated_token_tolerance_seconds,
            time.time(),
        )
        if secret is None:
            raise InvalidToken("this organisation has no token secret")
    except InvalidToken as exc:
        raise unauthorized(str(exc)) from exc
    principal = await principals.token_principal(gateway.pool, SCHEMA, organisation_id)
    if principal is None:
        raise unauthorized("this organisation no longer exists")
    return principal
