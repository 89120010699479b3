"""Gateway work on a service's answer: after an environment's creation finished, switch the reader to it."""

from __future__ import annotations

import json
import uuid

from aiohttp import web

from common.http.idempotency import no_store
from common.http.principal import principal_of
from gateway.context import gateway_of
from gateway.entrypoints.http.proxy import RESPONSE_HOOKS
from gateway.entrypoints.http.views import units_of
from gateway.service_layer.accounts import issue_token, switch_context


async def switch_to_new_environment(request: web.Request, response: web.Response, switch_to: str) -> web.Response:
    """A030: the first read after creation finished switches the user and answers with a fresh jwt_token."""
    principal = principal_of(request)
    organisation, _, environment = switch_to.partition("/")
    if principal.user_id is None or response.status != 200 or not organisation.isdigit():
        return response
    units = units_of(request)
    await switch_context(
        units, principal.user_id, principal.managing_organisation_id, int(organisation), uuid.UUID(environment)
    )
    body = json.loads(response.body) if isinstance(response.body, bytes) else {}
    body["jwt_token"] = await issue_token(units, gateway_of(request).jwt, principal.user_id)
    return no_store(web.json_response(body, status=200))


def register_hooks() -> None:
    RESPONSE_HOOKS["environments.details"] = switch_to_new_environment
