"""The billing service in-process on the run's Postgres and vhost, called with signed principals."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from json import dumps
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from billing.bootstrap import spec
from billing.config import BillingSettings
from common.bus.publisher import Publisher
from common.bus.topology import route
from common.contracts import Envelope, Message
from common.http.app import RUNTIME, Runtime, create_app
from common.http.principal import Principal, Role, sign
from gateway.contract.events import OrganisationCreated
from tests.support.api import Reply
from tests.support.waiting import eventually


@dataclass
class BillingUnderTest:
    server: TestServer
    session: aiohttp.ClientSession
    key: str

    @property
    def runtime(self) -> Runtime:
        return self.server.app[RUNTIME]

    async def call(self, principal: Principal, method: str, path: str, json: Any = None) -> Reply:
        url = self.server.make_url(path)
        body = b"" if json is None else dumps(json).encode()
        signed = sign(self.key.encode(), principal, method, url.raw_path_qs, service="billing", body=body)
        signed["Content-Type"] = "application/json"
        async with self.session.request(method, url, data=body or None, headers=signed) as r:
            answer = await r.json(content_type=None) if r.content_length != 0 else None
            return Reply(r.status, answer, dict(r.headers))

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


def member_of(organisation_id: int, role: Role = "admin") -> Principal:
    return Principal(kind="user", user_id=uuid.uuid4(), managing_organisation_id=organisation_id,
                     managing_role=role, active_organisation_id=organisation_id, active_role=role)  # fmt: skip


def staff(**flag: bool) -> Principal:
    return Principal(kind="user", user_id=uuid.uuid4(), **flag)


def new_organisation() -> int:
    return random.randint(10_000, 2**31 - 1)


@pytest.fixture(scope="session")
async def billing(database_url: str, amqp_url: str, internal_key: str) -> AsyncIterator[BillingUnderTest]:
    settings = BillingSettings(DATABASE_URL=database_url, AMQP_URL=amqp_url, SWITCHYARD_INTERNAL_KEY=internal_key,
                               SWITCHYARD_METERING_SECONDS=0)  # fmt: skip
    server = TestServer(create_app(spec(settings)))
    await server.start_server()
    async with aiohttp.ClientSession() as session:
        yield BillingUnderTest(server, session, internal_key)
    await server.close()
