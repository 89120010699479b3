"""The billing service in-process on the run's Postgres and vhost, called with signed principals."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from billing.bootstrap import spec
from billing.config import BillingSettings
from common.bus.publisher import Publisher
from common.bus.topology import route
from common.contracts import Envelope, Message
from common.http.app import create_app
from common.http.principal import Principal
from gateway.contract.events import OrganisationCreated
from tests.support.service_under_test import ServiceUnderTest, new_organisation
from tests.support.waiting import eventually


@dataclass
class BillingUnderTest(ServiceUnderTest):
    SERVICE = "billing"

    async def publish(self, message: Message, producer: str = "gateway") -> None:
        publisher = Publisher(producer)
        await publisher.open(self.runtime.connection)
        await publisher.publish(message, correlation_id=f"test-{uuid.uuid4().hex[:8]}")
        await publisher.close()

    async def deliver(self, message: Message, envelope: Envelope) -> None:
        """``message`` in an envelope as its producer sent it (its own id and ``occurred_at``), again if sent again."""
        publisher = Publisher(envelope.producer)
        await publisher.open(self.runtime.connection)
        assert await publisher.publish_envelope(envelope, *route(message))
        await publisher.close()

    async def known_organisation(self) -> int:
        """An organisation the gateway announced, once billing has heard of it."""
        organisation_id = new_organisation()
        await self.publish(OrganisationCreated(organisation_id=organisation_id, name="Org"))

        async def heard() -> None:
            sql = "SELECT true FROM billing.organisations WHERE organisation_id = $1"
            assert await self.runtime.pool.fetchval(sql, organisation_id)

        await eventually(heard, within=10)
        return organisation_id


async def observed(billing: BillingUnderTest, environment_id: uuid.UUID, *, environment_changes: int,
                   endpoint_changes: int) -> None:  # fmt: skip
    """Billing kept this many changes of the environment and of its inputs and outputs, and no more arrive twice."""

    async def seen() -> None:
        pool = billing.runtime.pool
        sql = "SELECT count(*) FROM billing.environment_changes WHERE environment_id = $1"
        assert await pool.fetchval(sql, environment_id) == environment_changes
        sql = "SELECT count(*) FROM billing.endpoint_changes WHERE environment_id = $1"
        assert await pool.fetchval(sql, environment_id) == endpoint_changes

    await eventually(seen, within=10)
    await asyncio.sleep(0.3)  # a redelivery, if any, has had its chance to count twice


def staff(**flag: bool) -> Principal:
    return Principal(kind="user", user_id=uuid.uuid4(), **flag)


@pytest.fixture(scope="session")
async def billing(database_url: str, amqp_url: str, internal_key: str) -> AsyncIterator[BillingUnderTest]:
    settings = BillingSettings(DATABASE_URL=database_url, AMQP_URL=amqp_url, SWITCHYARD_INTERNAL_KEY=internal_key,
                               SWITCHYARD_METERING_SECONDS=0)  # fmt: skip
    server = TestServer(create_app(spec(settings)))
    await server.start_server()
    async with aiohttp.ClientSession() as session:
        yield BillingUnderTest(server, session, internal_key)
    await server.close()
