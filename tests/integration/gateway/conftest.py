"""The gateway in-process against the run's database and vhost, with a bootstrapped superuser."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import aio_pika
import aiohttp
import asyncpg
import pytest
from aio_pika.abc import AbstractQueue, AbstractRobustConnection
from aiohttp.test_utils import TestServer

from common.bus.publisher import Publisher
from common.bus.topology import EVENTS, declare_exchanges
from common.eventstore import PostgresEventStore
from common.http.app import RUNTIME, create_app
from environments.contract.events import EnvironmentRequested
from gateway.adapters.units import PostgresUnits
from gateway.bootstrap import spec
from gateway.config import GatewaySettings
from gateway.service_layer.accounts import bootstrap_superuser, register_user
from tests.support.api import Api
from tests.support.bus import tap
from tests.support.smtp import Inbox, smtp_server
from tests.support.waiting import eventually


@dataclass
class Tenant:
    """A signed-in user and the organisation they manage."""

    api: Api
    email: str
    user_id: uuid.UUID
    organisation_id: int


@dataclass
class GatewayUnderTest:
    api: Api
    server: TestServer
    superuser_email: str
    superuser_password: str
    bus: AbstractRobustConnection

    @property
    def store(self) -> PostgresEventStore:
        return self.server.app[RUNTIME].store

    @property
    def units(self) -> PostgresUnits:
        return PostgresUnits(self.store)

    @property
    def pool(self) -> asyncpg.Pool:
        return self.server.app[RUNTIME].pool

    async def superuser(self) -> Api:
        return await self.api.login(self.superuser_email, self.superuser_password)

    async def new_user(self, prefix: str = "user") -> tuple[Api, str, uuid.UUID]:
        email = f"{prefix}-{uuid.uuid4().hex[:8]}@example.com"
        password = secrets.token_urlsafe(12)
        registration = await register_user(self.units, email, password)
        return await self.api.login(email, password), email, registration.user_id

    async def tenant(self, prefix: str = "org") -> Tenant:
        """A new user who created (and so administers and is root of) a new organisation."""
        api, email, user_id = await self.new_user(prefix)
        organisation = (await api.post("/api/organisations", {"name": f"{prefix} Ltd"})).ok(201)
        return Tenant(api, email, user_id, organisation["id"])

    async def member(self, of: Tenant, permission: str = "monitor", prefix: str = "member") -> Tenant:
        """A new user added to ``of`` (A170), who joined by choosing their own password at first login."""
        email = f"{prefix}-{uuid.uuid4().hex[:8]}@example.com"
        added = (await of.api.post("/api/organisation/users", {"email": email, "permission_type": permission})).ok(201)
        api = await self.api.first_login(email, added["password"])
        return Tenant(api, email, uuid.UUID(await api.user_id()), of.organisation_id)

    async def joined(self, of: Tenant, who: Tenant, permission: str = "monitor") -> dict[str, Any]:
        """``who`` already has an account: ``of`` invites them (A170) and they accept with the code."""
        body = {"email": who.email, "permission_type": permission}
        added = (await of.api.post("/api/organisation/users", body)).ok(201)
        path = f"/api/organisation_invitations/{added['invitation_id']}/accept"
        accepted: dict[str, Any] = (await who.api.post(path, {"code": added["password"]})).ok()
        return accepted

    async def guest_of(self, owner: Tenant, guest: Tenant) -> dict[str, Any]:
        """An invitation from ``owner`` accepted by ``guest``; returns it with its token."""
        created = (await owner.api.post("/api/source_invitations", {"destination_temporary_name": "Guest"})).ok(201)
        token = created["source_invitation_token"]
        accepted = (await guest.api.post("/api/source_invitations/accept", {"source_invitation_token": token})).ok()
        return {**accepted, "token": token}

    async def environment(self, organisation_id: int) -> uuid.UUID:
        """Announce an environment as the environments service would, and wait until the gateway knows it."""
        environment_id = uuid.uuid4()
        message = EnvironmentRequested(
            organisation_id=organisation_id,
            environment_id=environment_id,
            name="edge",
            cloud_provider="aws",
            region="eu-west-1",
            instance_type="t3.small",
        )
        publisher = Publisher("gateway-tests")
        await publisher.open(self.bus)
        await publisher.publish(message, correlation_id=str(environment_id))
        await publisher.close()

        async def known() -> None:
            sql = "SELECT true FROM gateway.environment_directory WHERE environment_id = $1"
            assert await self.pool.fetchval(sql, environment_id), "environment not in the directory yet"

        await eventually(known, within=15)
        return environment_id

    async def tap(self) -> AbstractQueue:
        """A queue copying every integration event the gateway publishes from now on."""
        channel = await self.bus.channel()
        return await tap(channel, EVENTS, "gateway.*")


@pytest.fixture(scope="session")
def inbox() -> Iterator[Inbox]:
    with smtp_server() as inbox:
        yield inbox


@pytest.fixture(scope="session")
def gateway_settings(database_url: str, amqp_url: str, internal_key: str, inbox: Inbox) -> GatewaySettings:
    return GatewaySettings(
        SWITCHYARD_SMTP_HOST="127.0.0.1",
        SWITCHYARD_SMTP_PORT=inbox.port,
        DATABASE_URL=database_url,
        AMQP_URL=amqp_url,
        SWITCHYARD_INTERNAL_KEY=internal_key,
        SWITCHYARD_LOGIN_FAILURES_PER_ACCOUNT=3,
        SWITCHYARD_LOGIN_FAILURES_PER_ADDRESS=1000,
        SWITCHYARD_RELAY_POLL_SECONDS=0.2,
        SWITCHYARD_GATEWAY_METRICS_PORT=0,
    )


@pytest.fixture(scope="session")
async def gateway(gateway_settings: GatewaySettings, amqp_url: str) -> AsyncIterator[GatewayUnderTest]:
    server = TestServer(create_app(spec(gateway_settings)))
    await server.start_server()
    email, password = f"root-{uuid.uuid4().hex[:6]}@example.com", secrets.token_urlsafe(16)
    await bootstrap_superuser(PostgresUnits(server.app[RUNTIME].store), email, password)
    bus = await aio_pika.connect_robust(amqp_url, client_properties={"connection_name": "gateway-tests"})
    async with bus.channel() as channel:
        await declare_exchanges(channel)
    async with aiohttp.ClientSession() as session:
        api = Api(session, str(server.make_url("")).rstrip("/"))
        yield GatewayUnderTest(api, server, email, password, bus)
    await bus.close()
    await server.close()
