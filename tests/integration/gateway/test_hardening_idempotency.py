"""Issue 8, items 9 and 10: Idempotency-Keys belong to the caller, replies with secrets are never kept, and a
forwarded write whose outcome is unknown says so (504) instead of inviting a blind retry."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web
from aiohttp.test_utils import TestServer

from common.http.app import create_app
from gateway.adapters.tokens import generated_token
from gateway.bootstrap import spec
from gateway.config import GatewaySettings
from tests.integration.gateway.conftest import GatewayUnderTest, Tenant
from tests.support.api import Api


async def token_caller(gateway: GatewayUnderTest, tenant: Tenant) -> tuple[Api, str]:
    secret = (await tenant.api.post("/api/organisation/token")).ok(201)["secret"]
    token = generated_token(tenant.organisation_id, secret, int(time.time()))
    return gateway.api.as_(token), f"?organizationId={tenant.organisation_id}"


async def test_generated_tokens_of_two_organisations_do_not_share_keys(gateway: GatewayUnderTest) -> None:
    a_api, a_query = await token_caller(gateway, await gateway.tenant("keys-a"))
    b_api, b_query = await token_caller(gateway, await gateway.tenant("keys-b"))
    key = {"Idempotency-Key": "shared-key-1"}
    a_label = (await a_api.post(f"/api/labels{a_query}", {"text": "Same"}, headers=key)).ok(201)
    b_reply = await b_api.post(f"/api/labels{b_query}", {"text": "Same"}, headers=key)
    assert "Idempotent-Replayed" not in b_reply.headers
    assert b_reply.ok(201)["id"] != a_label["id"]
    b_labels = (await b_api.get(f"/api/labels{b_query}")).ok()["objects"]
    assert [label["id"] for label in b_labels] == [b_reply.body["id"]]
    again = await a_api.post(f"/api/labels{a_query}", {"text": "Same"}, headers=key)
    assert again.headers.get("Idempotent-Replayed") == "true" and again.body["id"] == a_label["id"]


async def test_a_login_reply_is_never_kept_for_replays(gateway: GatewayUnderTest) -> None:
    key = {"Idempotency-Key": "login-key-1"}
    body = {"email": gateway.superuser_email, "password": gateway.superuser_password}
    first = await gateway.api.post("/api/login", body, headers=key)
    second = await gateway.api.post("/api/login", body, headers=key)
    assert first.ok()["jwt_token"] != second.ok()["jwt_token"] and "Idempotent-Replayed" not in second.headers
    assert first.headers["Cache-Control"] == "no-store"
    kept = await gateway.pool.fetchval("SELECT count(*) FROM gateway.idempotency_keys WHERE key = 'login-key-1'")
    assert kept == 0


@asynccontextmanager
async def slow_environments(answer_after: float) -> AsyncIterator[str]:
    """An environments service that takes every write and answers it late."""

    async def slowly(request: web.Request) -> web.Response:
        await asyncio.sleep(answer_after)
        return web.json_response({}, status=201)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", slowly)
    server = TestServer(app)
    await server.start_server()
    try:
        yield str(server.make_url("")).rstrip("/")
    finally:
        await server.close()


async def test_a_write_that_times_out_upstream_is_a_504_saying_its_outcome_is_unknown(
    gateway: GatewayUnderTest, gateway_settings: GatewaySettings
) -> None:
    tenant = await gateway.tenant("frozen")
    async with slow_environments(answer_after=5) as url:
        settings = gateway_settings.model_copy(update={"environments_url": url, "upstream_timeout_seconds": 0.5})
        impatient = TestServer(create_app(spec(settings)))
        await impatient.start_server()
        try:
            api = Api(gateway.api.session, str(impatient.make_url("")).rstrip("/"), tenant.api.token)
            reply = await api.post("/api/customer_environment", {"name": "frozen"})
        finally:
            await impatient.close()
    assert reply.status == 504, reply.body
    assert "may or may not" in reply.body["detail"] and "Idempotency-Key" in reply.body["detail"]
