"""Changing your password, and resetting it through a mailed link (A131's credentials)."""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web

from common.http.bodies import json_response, read_model
from common.http.idempotency import no_store
from common.http.problems import Problem, bad_request
from gateway.adapters import mails
from gateway.adapters.throttle import LoginThrottle
from gateway.context import gateway_of
from gateway.contract.schemas.accounts import (
    ChangePassword,
    PasswordResetRequested,
    RequestPasswordReset,
    ResetPassword,
)
from gateway.entrypoints.http.views import token_body, units_of, user_of
from gateway.service_layer import passwords

RESET_ASKED = "If the address has an account, a reset link is on its way to it."


async def change_password(request: web.Request) -> web.Response:
    body = await read_model(request, ChangePassword)
    gateway, principal = user_of(request)
    assert principal.user_id is not None and principal.email is not None
    keys = LoginThrottle.keys(principal.email, request.remote)
    wait = await gateway.throttle.claim(keys)
    if wait is not None:
        raise Problem(429, "too many failed attempts; try again later", headers={"Retry-After": str(wait)})
    if not await passwords.verify(units_of(request), principal.user_id, body.current_password):
        raise bad_request("the current password is wrong", "current_password")
    await gateway.throttle.succeeded(keys)
    await passwords.choose(units_of(request), principal.user_id, body.new_password, "changed")
    return no_store(json_response(await token_body(request, principal.user_id)))


async def request_reset(request: web.Request) -> web.Response:
    body = await read_model(request, RequestPasswordReset)
    found = await passwords.request_reset(units_of(request), body.email, datetime.now(UTC))
    if found is not None:
        gateway_of(request).postbox.post(mails.password_reset(*found))
    return json_response(PasswordResetRequested(detail=RESET_ASKED), status=202)


async def reset(request: web.Request) -> web.Response:
    body = await read_model(request, ResetPassword)
    email = await passwords.reset(units_of(request), body.token, body.new_password)
    await gateway_of(request).throttle.forget_account(email)
    return web.Response(status=204)


HANDLERS = {
    "auth.change_password": change_password,
    "auth.request_password_reset": request_reset,
    "auth.reset_password": reset,
}
