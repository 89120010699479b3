"""The streams service in-process on the run's Postgres and vhost, called with signed principals."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from common.bus.publisher import Publisher
from common.contracts import Message
from common.http.app import create_app
from common.http.principal import Principal
from environments.contract.events import EnvironmentRequested, EnvironmentStateChanged
from gateway.contract.events import OrganisationDeleted
from streams.bootstrap import spec
from streams.config import StreamsSettings
from tests.support.service_under_test import ServiceUnderTest
from tests.support.waiting import eventually

GROUPS = "/api/dashboard_groups"


@dataclass
class StreamsUnderTest(ServiceUnderTest):
    SERVICE = "streams"

    async def create(self, principal: Principal, name: str, group_type: str = "source") -> str:
        reply = await self.call(principal, "POST", GROUPS, {"name": name, "group_type": group_type})
        return str(reply.ok(201)["id"])

    async def names(self, principal: Principal, query: str = "") -> list[str]:
        return [g["name"] for g in (await self.call(principal, "GET", f"{GROUPS}{query}")).ok()["objects"]]

    async def delete_organisation(self, organisation_id: int) -> None:
        await self.publish("gateway", OrganisationDeleted(organisation_id=organisation_id))

    async def publish(self, producer: str, message: Message) -> None:
        publisher = Publisher(producer)
        await publisher.open(self.runtime.connection)
        await publisher.publish(message, correlation_id=f"{producer}-test")
        await publisher.close()

    async def environment(self, organisation_id: int | None, state: str = "running") -> str:
        """An environment of ``organisation_id`` as the environments service announces it, once streams knows it."""
        assert organisation_id is not None
        environment_id = uuid.uuid4()
        await self.publish("environments", EnvironmentRequested(
            organisation_id=organisation_id, environment_id=environment_id, name="studio", cloud_provider="local",
            region="local-1", instance_type="small"))  # fmt: skip
        if state != "requested":
            await self.environment_became(organisation_id, environment_id, state)
        return str(environment_id)

    async def environment_became(self, organisation_id: int, environment_id: uuid.UUID | str, state: str) -> None:
        await self.publish("environments", EnvironmentStateChanged(
            organisation_id=organisation_id, environment_id=uuid.UUID(str(environment_id)), previous_state="-",
            state=state))  # fmt: skip

        async def noted() -> None:
            sql = "SELECT state FROM streams.input_environments WHERE id = $1"
            assert await self.runtime.pool.fetchval(sql, uuid.UUID(str(environment_id))) == state

        await eventually(noted, within=15)


@pytest.fixture(scope="session")
async def streams(database_url: str, amqp_url: str, internal_key: str) -> AsyncIterator[StreamsUnderTest]:
    settings = StreamsSettings(DATABASE_URL=database_url, AMQP_URL=amqp_url, SWITCHYARD_INTERNAL_KEY=internal_key)
    server = TestServer(create_app(spec(settings)))
    await server.start_server()
    async with aiohttp.ClientSession() as session:
        yield StreamsUnderTest(server, session, internal_key)
    await server.close()
