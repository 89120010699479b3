"""Logging in (A131), choosing one's own password when the one given was temporary."""

from __future__ import annotations

from aiohttp import web

from common import correlation
from common.http.bodies import json_response, read_model
from common.http.idempotency import no_store
from common.http.problems import Problem, bad_request, unauthorized
from gateway.adapters.passwords import verify_password
from gateway.adapters.throttle import LoginThrottle
from gateway.context import SCHEMA, gateway_of
from gateway.contract.schemas.accounts import LoginRequest, TokenResponse
from gateway.domain.identities import email_key
from gateway.entrypoints.http.views import units_of
from gateway.service_layer import passwords
from gateway.service_layer.accounts import issue_token

WRONG = "the email or password is wrong"
CHANGE_FIRST = "this password is temporary: log in with it and your own password in new_password"


async def login(request: web.Request) -> web.Response:
    body = await read_model(request, LoginRequest)
    gateway = gateway_of(request)
    keys = LoginThrottle.keys(body.email, request.remote)
    wait = await gateway.throttle.claim(keys)
    if wait is not None:
        raise Problem(429, "too many failed logins; try again later", headers={"Retry-After": str(wait)})
    row = await gateway.pool.fetchrow(
        f"""SELECT u.id, u.password_temporary, c.password_hash FROM {SCHEMA}.users u
            LEFT JOIN {SCHEMA}.user_credentials c ON c.user_id = u.id
            WHERE u.email_key = $1 AND u.deleted_at IS NULL""",
        email_key(body.email),
    )
    if not await verify_password(row["password_hash"] if row else None, body.password):
        raise unauthorized(WRONG)
    await gateway.throttle.succeeded(keys)
    if body.new_password is not None:
        correlation.bind_actor(row["id"])  # the user acts: what the change does (joining, say) is theirs
        reason = "first_login" if row["password_temporary"] else "changed"
        await passwords.choose(units_of(request), row["id"], body.new_password, reason)
    elif row["password_temporary"]:
        raise bad_request(CHANGE_FIRST, "new_password")
    token = await issue_token(units_of(request), gateway.jwt, row["id"])
    return no_store(json_response(TokenResponse(jwt_token=token, expires_in=gateway.jwt.ttl_seconds)))


HANDLERS = {"auth.login": login}
