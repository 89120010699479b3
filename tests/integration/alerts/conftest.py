"""The alerts service in-process on the run's Postgres and vhost, called with signed principals."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

import aiohttp
import asyncpg
import pytest
from aiohttp.test_utils import TestServer

from alerts.adapters.delivery_log import PostgresDeliveryLog
from alerts.adapters.projections import PROJECTIONS
from alerts.adapters.webhooks import webhooks_of
from alerts.bootstrap import MIGRATIONS, spec
from alerts.config import AlertsSettings
from alerts.domain.deliveries import AlertFired
from alerts.service_layer import alert_methods
from alerts.service_layer.deliveries import plan
from common.bus.publisher import Publisher
from common.contracts import Message
from common.eventstore.postgres import PostgresEventStore
from common.http.app import create_app
from common.http.principal import Principal
from common.unit_of_work import PostgresRunner
from environments.contract.events import EnvironmentRequested
from gateway.contract.events import OrganisationDeleted
from streams.contract.events import InputCreated, InputDeleted, OutputCreated, OutputDeleted
from tests.support.alert_fired import fired
from tests.support.scratch import migrated_schema
from tests.support.service_under_test import ServiceUnderTest
from tests.support.slack import SlackStandIn
from tests.support.smtp import Inbox
from tests.support.waiting import eventually

METHODS = "/api/alert_methods"
HOOK = "https://hooks.slack.com/services/T0ABCDEFG/B0HIJKLMN/{secret}"
PUBLIC_URL = "https://switchyard.example"


def webhook(prefix: str = "") -> str:
    return HOOK.format(secret=prefix + uuid.uuid4().hex)


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


def settings_for(database_url: str, amqp_url: str, internal_key: str, mailbox: Inbox, slack: SlackStandIn,
                 **more: object) -> AlertsSettings:  # fmt: skip
    """The service sending to the tests' SMTP server and Slack stand-in, retrying at once (3 tries)."""
    return AlertsSettings(
        DATABASE_URL=database_url, AMQP_URL=amqp_url, SWITCHYARD_INTERNAL_KEY=internal_key,
        SWITCHYARD_SMTP_HOST="127.0.0.1", SWITCHYARD_SMTP_PORT=mailbox.port, SWITCHYARD_SLACK_BASE_URL=slack.base_url,
        SWITCHYARD_PUBLIC_URL=PUBLIC_URL, SWITCHYARD_DELIVERY_ATTEMPTS=3, SWITCHYARD_DELIVERY_FIRST_WAIT_SECONDS=0.01,
        SWITCHYARD_DELIVERY_MAX_WAIT_SECONDS=0.05, SWITCHYARD_DELIVERY_POLL_SECONDS=0.1,
        # evaluation is driven by the tests (``Evaluator.tick`` at chosen instants), not by the background loop,
        # and they send a minute of samples at once
        SWITCHYARD_ALERT_EVALUATION_TICK_SECONDS=3600, SWITCHYARD_AGENT_MESSAGE_BURST=1000,
        SWITCHYARD_AGENT_MESSAGES_PER_SECOND=1000, **more,
    )  # fmt: skip


@pytest.fixture(scope="session")
async def alerts(
    database_url: str, amqp_url: str, internal_key: str, mailbox: Inbox, slack: SlackStandIn
) -> AsyncIterator[AlertsUnderTest]:
    settings = settings_for(database_url, amqp_url, internal_key, mailbox, slack)
    server = TestServer(create_app(spec(settings)))
    await server.start_server()
    async with aiohttp.ClientSession() as session:
        yield AlertsUnderTest(server, session, internal_key)
    await server.close()


@pytest.fixture
async def own_schema(pool: asyncpg.Pool, database_url: str) -> AsyncIterator[str]:
    """A schema of the test's own, migrated as the service's is: no worker of the service's delivers from it."""
    async with migrated_schema(pool, database_url, "alerts", MIGRATIONS) as name:
        yield name


@pytest.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def raised_in(pool: asyncpg.Pool, schema: str, address: str, now: datetime) -> AlertFired:
    """A raise of an alert mailing ``address``, its delivery recorded in ``schema``."""
    organisation = 4242
    runner = PostgresRunner(PostgresEventStore(pool, schema), PROJECTIONS)
    method = await alert_methods.create(runner, webhooks_of, organisation, "NOC", "email", [address])
    raised = fired(method, organisation)
    assert await plan(PostgresDeliveryLog(pool, schema), raised, now) == 1
    return raised
