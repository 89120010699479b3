"""What the OpenAPI document promises about statuses holds for callers in unusual but legal states."""

from __future__ import annotations

import secrets
import uuid

from common.access.openapi import openapi_document
from gateway.contract.routes import ROUTES as GATEWAY_ROUTES
from gateway.service_layer.accounts import bootstrap_superuser
from switchyard.contracts import ROUTES
from tests.integration.gateway.conftest import GatewayUnderTest


async def test_a_superuser_without_organisations_gets_documented_statuses_from_every_parameterless_read(
    gateway: GatewayUnderTest,
) -> None:
    email, password = f"fresh-{uuid.uuid4().hex[:6]}@example.com", secrets.token_urlsafe(16)
    await bootstrap_superuser(gateway.units, email, password)
    fresh = await gateway.api.login(email, password)
    paths = openapi_document(ROUTES)["paths"]
    for route in GATEWAY_ROUTES:
        if route.method == "GET" and "{" not in route.path:
            reply = await fresh.get(route.path)
            assert str(reply.status) in paths[route.path]["get"]["responses"], (route.name, reply.status, reply.body)


async def test_an_organisation_id_in_other_digits_is_no_organisation(gateway: GatewayUnderTest) -> None:
    superuser = await gateway.superuser()
    for raw in ("%C2%B2", "%D9%A3", "99999999999"):
        assert (await superuser.get(f"/api/organisations/{raw}")).status == 404, raw
