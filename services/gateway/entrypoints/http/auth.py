"""Logging in (A131)."""

from __future__ import annotations

from aiohttp import web

from common.http.bodies import json_response, read_model
from common.http.idempotency import no_store
from common.http.problems import Problem, unauthorized
from gateway.adapters.passwords import verify_password
from gateway.adapters.throttle import LoginThrottle
from gateway.context import SCHEMA, gateway_of
from gateway.contract.schemas.accounts import LoginRequest, TokenResponse
from gateway.domain.identities import email_key
from gateway.entrypoints.http.views import units_of
from gateway.service_layer.accounts import issue_token

WRONG = "the email or password is wrong"


async def login(request: web.Request) -> web.Response:
    body = await read_model(request, LoginRequest)
    gateway = gateway_of(request)
    keys = LoginThrottle.keys(body.email, request.remote)
    wait = await gateway.throttle.claim(keys)
    if wait is not None:
        raise Problem(429, "too many failed logins; try again later", headers={"Retry-After": str(wait)})
    row = await gateway.pool.fetchrow(
        f"""SELECT u.id, c.password_hash FROM {SCHEMA}.users u
            LEFT JOIN {SCHEMA}.user_credentials c ON c.user_id = u.id
            WHERE u.email_key = $1 AND u.deleted_at IS NULL""",
        email_key(body.email),
    )
    if not await verify_password(row["password_hash"] if row else None, body.password):
        raise unauthorized(WRONG)
    await gateway.throttle.succeeded(keys)
    token = await issue_token(units_of(request), gateway.jwt, row["id"])
    return no_store(json_response(TokenResponse(jwt_token=token, expires_in=gateway.jwt.ttl_seconds)))


HANDLERS = {"auth.login": login}
