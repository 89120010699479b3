"""The organisation's generated-token secret: set or rotated (I01), and when it was (P05)."""

from __future__ import annotations

from aiohttp import web

from common.http.bodies import created, json_response
from common.http.idempotency import no_store
from common.http.problems import not_found
from gateway.context import SCHEMA, gateway_of
from gateway.contract.schemas.organisations import TokenInfo, TokenSecret
from gateway.entrypoints.http.views import managing_of, units_of
from gateway.service_layer.organisations import rotate_token

TOKEN_URI = "/api/organisation/token"


async def token_details(request: web.Request) -> web.Response:
    organisation_id = managing_of(request)
    rotated_at = await gateway_of(request).pool.fetchval(
        f"SELECT rotated_at FROM {SCHEMA}.organisation_token_secrets WHERE organisation_id = $1", organisation_id
    )
    if rotated_at is None:
        raise not_found("generated-token secret")
    return json_response(TokenInfo(organisation_id=organisation_id, rotated_at=rotated_at, resource_uri=TOKEN_URI))


async def token(request: web.Request) -> web.Response:
    organisation_id = managing_of(request)
    secret, rotated_at = await rotate_token(units_of(request), organisation_id)
    view = TokenSecret(organisation_id=organisation_id, secret=secret, rotated_at=rotated_at, resource_uri=TOKEN_URI)
    return no_store(created(view, view.resource_uri))


HANDLERS = {
    "organisation.token": token,
    "organisation.token_details": token_details,
}
