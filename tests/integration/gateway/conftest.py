"""The gateway in-process against the run's database and vhost, with a bootstrapped superuser."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from common.http.app import RUNTIME, create_app
from gateway.bootstrap import spec
from gateway.config import GatewaySettings
from gateway.service_layer.accounts import bootstrap_superuser, register_user
from tests.support.api import Api


@dataclass
class GatewayUnderTest:
    api: Api
    server: TestServer
    superuser_email: str
    superuser_password: str

    @property
    def store(self):  # type: ignore[no-untyped-def]
        return self.server.app[RUNTIME].store

    async def superuser(self) -> Api:
        return await self.api.login(self.superuser_email, self.superuser_password)

    async def new_user(self, prefix: str = "user") -> tuple[Api, str, uuid.UUID]:
        email = f"{prefix}-{uuid.uuid4().hex[:8]}@example.com"
        password = secrets.token_urlsafe(12)
        registration = await register_user(self.store, email, password)
        return await self.api.login(email, password), email, registration.user_id


@pytest.fixture(scope="session")
def gateway_settings(database_url: str, amqp_url: str, internal_key: str) -> GatewaySettings:
    return GatewaySettings(
        DATABASE_URL=database_url,
        AMQP_URL=amqp_url,
        SWITCHYARD_INTERNAL_KEY=internal_key,
        SWITCHYARD_LOGIN_FAILURES_PER_ACCOUNT=3,
        SWITCHYARD_LOGIN_FAILURES_PER_ADDRESS=1000,
    )


@pytest.fixture(scope="session")
async def gateway(gateway_settings: GatewaySettings) -> AsyncIterator[GatewayUnderTest]:
    server = TestServer(create_app(spec(gateway_settings)))
    await server.start_server()
    email, password = f"root-{uuid.uuid4().hex[:6]}@example.com", secrets.token_urlsafe(16)
    await bootstrap_superuser(server.app[RUNTIME].store, email, password)
    async with aiohttp.ClientSession() as session:
        yield GatewayUnderTest(Api(session, str(server.make_url("")).rstrip("/")), server, email, password)
    await server.close()
