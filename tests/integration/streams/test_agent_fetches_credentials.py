"""A real agent fetches the credentials its outputs' configurations name, through a stand-in for the gateway that
checks the agent's HTTP credential and calls the real streams service as the gateway does; it keeps them in
memory only, so it fetches them again after a restart, and never asks for an output that names none."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from common import credentials
from common.http.principal import Principal
from environments.adapters.broker import AgentBroker
from tests.integration.streams.conftest import StreamsUnderTest
from tests.integration.streams.test_agent_holds_endpoints import AgentProcess
from tests.support.service_under_test import member_of, new_organisation
from tests.support.waiting import eventually

CREDENTIALS = "/api/customer_environment/{environment_id}/outputs/{output_id}/credentials"
PASSWORD, KEY = "srt-password-in-memory", "rtmp-key-in-memory"


@pytest.fixture
async def gateway(streams: StreamsUnderTest, internal_key: str) -> AsyncIterator[tuple[str, list[str]]]:
    served: list[str] = []

    async def forward(request: web.Request) -> web.Response:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        environment_id = credentials.verify_agent_credential(internal_key.encode(), token)
        if environment_id is None:
            return web.json_response({"title": "invalid agent credential"}, status=401)
        reply = await streams.call(Principal(kind="agent", environment_id=environment_id), "GET", request.path)
        if reply.status == 200:
            served.append(request.match_info["output_id"])
        return web.json_response(reply.body, status=reply.status)

    app = web.Application()
    app.router.add_get(CREDENTIALS, forward)
    server = TestServer(app)
    await server.start_server()
    yield str(server.make_url("")), served
    await server.close()


async def test_the_agent_fetches_what_its_outputs_name_and_fetches_it_again_after_a_restart(
    streams: StreamsUnderTest, gateway: tuple[str, list[str]], management_url: str, amqp_url: str,
    internal_key: str, tmp_path: Path,
) -> None:  # fmt: skip
    url, served = gateway
    organisation_id = new_organisation()
    environment_id = await streams.environment(organisation_id)
    broker = AgentBroker(management_url, amqp_url, None, 5, internal_key.encode())
    account = await broker.grant(streams.runtime.connection, uuid.UUID(environment_id))
    process = AgentProcess(environment_id, account.amqp_url.get_secret_value(), account.command_queue, tmp_path)
    api_key = credentials.agent_credential(internal_key.encode(), uuid.UUID(environment_id))
    process.env.update(SWITCHYARD_AGENT_GATEWAY_URL=url, SWITCHYARD_AGENT_API_KEY=api_key)
    admin, outputs = member_of(organisation_id), f"/api/customer_environment/{environment_id}/outputs"
    try:
        process.start()
        srt = {"id": "srt", "encryption_type": 3, "password": PASSWORD}
        (await streams.call(admin, "POST", f"{outputs}/srt_listener", srt)).ok(201)
        (await streams.call(admin, "POST", f"{outputs}/rtmp", {"id": "rtmp", "url": f"rtmp://cdn/app/{KEY}"})).ok(201)
        (await streams.call(admin, "POST", f"{outputs}/srt_caller", {"id": "plain", "host": "h", "port": 9000})).ok(201)

        async def fetched(count: int) -> None:
            assert sorted(served) == sorted(["srt", "rtmp"] * count)
            assert set(process.held("outputs")) == {"srt", "rtmp", "plain"}

        await eventually(lambda: fetched(1), within=20)
        process.stop()
        process.start()
        await eventually(lambda: fetched(2), within=20)
        assert PASSWORD not in process.disk() and KEY not in process.disk()
    finally:
        process.stop()
        await broker.revoke(streams.runtime.connection, uuid.UUID(environment_id))
