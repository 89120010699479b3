"""Switching context, each answered with a fresh JWT: managing (A140), active (A187), environment (A115)."""

from __future__ import annotations

from aiohttp import web

from common.http.bodies import json_response, read_model
from common.http.idempotency import no_store
from common.http.principal import principal_of
from gateway.contract.schemas.accounts import ActiveOrganisationToken, SwitchEnvironment, SwitchOrganisation
from gateway.entrypoints.http.views import caller_id, token_body, units_of
from gateway.service_layer import switching


async def switch_managing(request: web.Request) -> web.Response:
    body = await read_model(request, SwitchOrganisation)
    principal, user_id = principal_of(request), caller_id(request)
    await switching.switch_managing(units_of(request), principal, body.organisation_id)
    return no_store(json_response(await token_body(request, user_id)))


async def switch_active(request: web.Request) -> web.Response:
    body = await read_model(request, SwitchOrganisation)
    principal, user_id = principal_of(request), caller_id(request)
    member = await switching.switch_active(units_of(request), principal, body.organisation_id)
    token = await token_body(request, user_id)
    return no_store(json_response(ActiveOrganisationToken(**token.model_dump(), is_member_of_active_org=member)))


async def switch_environment(request: web.Request) -> web.Response:
    body = await read_model(request, SwitchEnvironment)
    principal, user_id = principal_of(request), caller_id(request)
    await switching.switch_environment(units_of(request), principal, body.environment_id)
    return no_store(json_response(await token_body(request, user_id)))


HANDLERS = {
    "user.switch_managing": switch_managing,
    "user.switch_active": switch_active,
    "user.switch_environment": switch_environment,
}
