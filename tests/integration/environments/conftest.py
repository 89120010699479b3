"""The environments service in-process (local driver: real agent-host processes) on the run's Postgres and vhost."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from json import dumps
from pathlib import Path
from typing import Any

import aio_pika
import aiohttp
import psutil
import pytest
from aio_pika.abc import AbstractRobustConnection
from aiohttp.test_utils import TestServer

from common.bus.topology import declare_exchanges
from common.http.app import RUNTIME, Runtime, create_app
from common.http.principal import Principal, sign
from environments.adapters.provisioning import LocalDriver
from environments.bootstrap import spec
from environments.config import EnvironmentsSettings
from environments.context import Environments, context_of
from tests.support.api import Reply
from tests.support.waiting import eventually


@dataclass
class EnvironmentsUnderTest:
    server: TestServer
    session: aiohttp.ClientSession
    key: str
    state_dir: Path

    @property
    def runtime(self) -> Runtime:
        return self.server.app[RUNTIME]

    @property
    def context(self) -> Environments:
        return context_of(self.runtime)

    def host_process(self, environment_id: str) -> psutil.Process:
        """The agent-host process that runs this environment's agent."""
        driver = self.context.driver
        assert isinstance(driver, LocalDriver)
        process = driver.host_for(uuid.UUID(environment_id)).process
        assert process is not None
        return psutil.Process(process.pid)

    def admin_of(self, organisation_id: int) -> Principal:
        return Principal(
            kind="user",
            user_id=uuid.uuid4(),
            managing_organisation_id=organisation_id,
            managing_role="admin",
            active_organisation_id=organisation_id,
            active_role="admin",
        )

    async def call(self, principal: Principal, method: str, path: str, json: Any = None) -> Reply:
        url = self.server.make_url(path)
        body = b"" if json is None else dumps(json).encode()
        headers = sign(self.key.encode(), principal, method, url.raw_path_qs, service="environments", body=body)
        headers["Content-Type"] = "application/json"
        async with self.session.request(method, url, data=body or None, headers=headers) as response:
            body = await response.json(content_type=None) if response.content_length != 0 else None
            return Reply(response.status, body, dict(response.headers))

    async def create(self, principal: Principal, name: str = "studio") -> str:
        reply = await self.call(principal, "POST", "/api/customer_environment", {"name": name})
        return str(reply.ok(201)["id"])

    async def wait_for(
        self, principal: Principal, environment_id: str, state: str, within: float = 40
    ) -> dict[str, Any]:
        async def check() -> dict[str, Any]:
            body = (await self.call(principal, "GET", f"/api/customer_environment/{environment_id}")).ok()
            assert body["state"] == state, body
            return dict(body)

        return dict(await eventually(check, within))


def new_organisation() -> int:
    return random.randint(10_000, 2**31 - 1)


@pytest.fixture(scope="session")
def environments_settings(
    database_url: str, amqp_url: str, management_url: str, internal_key: str, tmp_path_factory: pytest.TempPathFactory
) -> EnvironmentsSettings:
    return EnvironmentsSettings(
        DATABASE_URL=database_url, AMQP_URL=amqp_url, RABBITMQ_MANAGEMENT_URL=management_url,
        SWITCHYARD_INTERNAL_KEY=internal_key, SWITCHYARD_AGENT_STATE_DIR=str(tmp_path_factory.mktemp("agents")),
        SWITCHYARD_HEARTBEAT_SECONDS=1, SWITCHYARD_UNREACHABLE_AFTER_SECONDS=4,
        SWITCHYARD_COMMAND_ACK_TIMEOUT_SECONDS=2,
        SWITCHYARD_PROVISION_TIMEOUT_SECONDS=8, SWITCHYARD_SWEEP_SECONDS=0.5, SWITCHYARD_RELAY_POLL_SECONDS=0.2,
        SWITCHYARD_SETTLE_TIMEOUT_SECONDS=10, SWITCHYARD_DECOMMISSION_TIMEOUT_SECONDS=10,
        SWITCHYARD_AGENT_CHECK_SECONDS=3600,  # tests that take machines down call the check themselves
    )  # fmt: skip


@pytest.fixture(scope="session")
async def environments(
    environments_settings: EnvironmentsSettings, internal_key: str
) -> AsyncIterator[EnvironmentsUnderTest]:
    server = TestServer(create_app(spec(environments_settings)))
    await server.start_server()
    async with aiohttp.ClientSession() as session:
        yield EnvironmentsUnderTest(server, session, internal_key, Path(environments_settings.agent_state_dir))
    await server.close()


@pytest.fixture
async def service_connection(amqp_url: str) -> AbstractRobustConnection:
    """A service's connection to the broker, with the platform's exchanges declared."""
    connection = await aio_pika.connect_robust(amqp_url)
    async with connection.channel() as channel:
        await declare_exchanges(channel)
    yield connection  # type: ignore[misc]
    await connection.close()
