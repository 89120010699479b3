"""The alerts service in-process on the run's Postgres and vhost, called with signed principals."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from alerts.bootstrap import spec
from alerts.config import AlertsSettings
from common.bus.publisher import Publisher
from common.contracts import Message
from common.http.app import create_app
from common.http.principal import Principal
from environments.contract.events import EnvironmentRequested
from gateway.contract.events import OrganisationDeleted
from streams.contract.events import InputCreated, InputDeleted, OutputCreated, OutputDeleted
from tests.support.service_under_test import ServiceUnderTest
from tests.support.waiting import eventually

METHODS = "/api/alert_methods"
HOOK = "https://hooks.slack.com/services/T0ABCDEFG/B0HIJKLMN/{secret}"


def webhook() -> str:
    return HOOK.format(secret=uuid.uuid4().hex)


@dataclass
class AlertsUnderTest(ServiceUnderTest):
    SERVICE = "alerts"

    async def create(self, principal: Principal, name: str, alert_type: str = "email", *addresses: str) -> str:
        body = {"name": name, "alert_type": alert_type, "notification_parameters": list(addresses) or ["a@example.com"]}
        return str((await self.call(principal, "POST", METHODS, body)).ok(201)["id"])

    async def names(self, principal: Principal, query: str = "") -> list[str]:
        return [m["name"] for m in (await self.call(principal, "GET", f"{METHODS}{query}")).ok()["objects"]]

    async def publish(self, message: Message, producer: str = "gateway") -> None:
        publisher = Publisher(producer)
        await publisher.open(self.runtime.connection)
        await publisher.publish(message, correlation_id=f"test-{uuid.uuid4().hex[:8]}")
        await publisher.close()

    async def delete_organisation(self, organisation_id: int) -> None:
        await self.publish(OrganisationDeleted(organisation_id=organisation_id))

    async def until(self, sql: str, *args: object, expect: object = True) -> None:
        async def seen() -> None:
            assert await self.runtime.pool.fetchval(sql, *args) == expect

        await eventually(seen, within=15)

    async def environment(self, organisation_id: int) -> uuid.UUID:
        environment_id = uuid.uuid4()
        await self.publish(EnvironmentRequested(
            organisation_id=organisation_id, environment_id=environment_id, name="studio", cloud_provider="local",
            region="local-1", instance_type="small"), "environments")  # fmt: skip
        await self.until("SELECT organisation_id FROM alerts.environments WHERE id = $1", environment_id,
                         expect=organisation_id)  # fmt: skip
        return environment_id

    async def endpoint(self, side: str, organisation_id: int, environment_id: uuid.UUID, endpoint_id: str,
                       version: int = 1, deleted: bool = False) -> None:  # fmt: skip
        kind = {("input", False): InputCreated, ("input", True): InputDeleted, ("output", False): OutputCreated,
                ("output", True): OutputDeleted}[side, deleted]  # fmt: skip
        message = kind.model_validate({"organisation_id": organisation_id, "environment_id": environment_id,
                                       f"{side}_id": endpoint_id, "version": version})  # fmt: skip
        await self.publish(message, "streams")
        table = "inputs WHERE organisation_id" if side == "input" else "outputs WHERE taker_organisation_id"
        await self.until(f"SELECT version FROM alerts.{table} = $1 AND id = $2", organisation_id, endpoint_id,
                         expect=version)  # fmt: skip


@pytest.fixture(scope="session")
async def alerts(database_url: str, amqp_url: str, internal_key: str) -> AsyncIterator[AlertsUnderTest]:
    # evaluation is driven by the tests (``Evaluator.tick`` at chosen instants), not by the background loop, and
    # they send a minute of samples at once
    settings = AlertsSettings(DATABASE_URL=database_url, AMQP_URL=amqp_url, SWITCHYARD_INTERNAL_KEY=internal_key,
                              SWITCHYARD_ALERT_EVALUATION_TICK_SECONDS=3600, SWITCHYARD_AGENT_MESSAGE_BURST=1000,
                              SWITCHYARD_AGENT_MESSAGES_PER_SECOND=1000)  # fmt: skip
    server = TestServer(create_app(spec(settings)))
    await server.start_server()
    async with aiohttp.ClientSession() as session:
        yield AlertsUnderTest(server, session, internal_key)
    await server.close()
