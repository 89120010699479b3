"""The scheduler service in-process on the run's Postgres and vhost, called with signed principals, told about
environments, inputs and outputs by the integration events their owners publish."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from common.bus.publisher import Publisher
from common.contracts import Message
from common.http.app import create_app
from common.http.principal import Principal
from environments.contract.events import EnvironmentRequested, EnvironmentStateChanged
from scheduler.bootstrap import spec
from scheduler.config import SchedulerSettings
from streams.contract.events import InputCreated, InputDeleted, OutputCreated, OutputDeleted
from tests.support.service_under_test import ServiceUnderTest
from tests.support.waiting import eventually

SCHEDULES = "/api/schedules"


def at(minutes: float) -> str:
    """An instant ``minutes`` from now, as the seed writes them (with milliseconds and Z)."""
    return (datetime.now(UTC) + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@dataclass
class SchedulerUnderTest(ServiceUnderTest):
    SERVICE = "scheduler"

    async def publish(self, producer: str, message: Message) -> None:
        publisher = Publisher(producer)
        await publisher.open(self.runtime.connection)
        await publisher.publish(message, correlation_id=f"{producer}-test")
        await publisher.close()

    async def environment(
        self, organisation_id: int | None, state: str = "running", instance_type: str = "small",
        cloud_provider: str = "local",
    ) -> uuid.UUID:  # fmt: skip
        """``instance_type``: "small" is none the scheduler knows (no capacity); "standard" carries 10 outputs."""
        assert organisation_id is not None
        environment_id = uuid.uuid4()
        await self.publish("environments", EnvironmentRequested(
            organisation_id=organisation_id, environment_id=environment_id, name="studio",
            cloud_provider=cloud_provider, region="local-1", instance_type=instance_type))  # fmt: skip
        await self.environment_became(organisation_id, environment_id, state)
        return environment_id

    async def environment_became(self, organisation_id: int, environment_id: uuid.UUID, state: str) -> None:
        changed = EnvironmentStateChanged(
            organisation_id=organisation_id, environment_id=environment_id, previous_state="-", state=state
        )
        await self.publish("environments", changed)
        await self._until("SELECT state FROM scheduler.environments WHERE id = $1", state, environment_id)

    async def input(
        self, organisation_id: int, environment_id: uuid.UUID, input_id: str, version: int = 1, bitrate_kbps: int = 0
    ) -> None:
        await self.publish("streams", InputCreated(organisation_id=organisation_id, environment_id=environment_id,
                                                   input_id=input_id, version=version,
                                                   bitrate_kbps=bitrate_kbps))  # fmt: skip
        sql = "SELECT version FROM scheduler.inputs WHERE organisation_id = $1 AND id = $2"
        await self._until(sql, version, organisation_id, input_id)

    async def output(self, taker_id: int, environment_id: uuid.UUID, output_id: str, version: int = 1) -> None:
        await self.publish("streams", OutputCreated(organisation_id=taker_id, environment_id=environment_id,
                                                    output_id=output_id, version=version))  # fmt: skip
        sql = "SELECT version FROM scheduler.outputs WHERE taker_organisation_id = $1 AND id = $2"
        await self._until(sql, version, taker_id, output_id)

    async def input_deleted(self, organisation_id: int, environment_id: uuid.UUID, input_id: str, version: int) -> None:
        await self.publish("streams", InputDeleted(organisation_id=organisation_id, environment_id=environment_id,
                                                   input_id=input_id, version=version))  # fmt: skip
        sql = "SELECT version FROM scheduler.inputs WHERE organisation_id = $1 AND id = $2"
        await self._until(sql, version, organisation_id, input_id)

    async def output_deleted(self, taker_id: int, environment_id: uuid.UUID, output_id: str, version: int) -> None:
        await self.publish("streams", OutputDeleted(organisation_id=taker_id, environment_id=environment_id,
                                                    output_id=output_id, version=version))  # fmt: skip
        sql = "SELECT version FROM scheduler.outputs WHERE taker_organisation_id = $1 AND id = $2"
        await self._until(sql, version, taker_id, output_id)

    async def studio(self, organisation_id: int | None, inputs: int = 1, outputs: int = 1) -> uuid.UUID:
        """A running environment of the organisation with inputs in-0… and outputs out-0…."""
        assert organisation_id is not None
        environment_id = await self.environment(organisation_id)
        for i in range(inputs):
            await self.input(organisation_id, environment_id, f"in-{i}")
        for i in range(outputs):
            await self.output(organisation_id, environment_id, f"out-{i}")
        return environment_id

    async def schedule(self, principal: Principal, body: dict[str, Any], status: int = 201) -> dict[str, Any]:
        reply = await self.call(principal, "POST", SCHEDULES, body)
        assert reply.status == status, reply.body
        return dict(reply.body or {})

    async def set_of(self, environment_id: uuid.UUID) -> tuple[int, int]:
        """The newest version of the environment's schedule set, and the newest its agent said it holds."""
        row = await self.runtime.pool.fetchrow(
            "SELECT version, applied FROM scheduler.full_sets WHERE set_kind = 'schedules' AND target_id = $1",
            environment_id,
        )
        return (row["version"], row["applied"]) if row else (0, 0)

    async def crowded(
        self, principal: Principal, bitrate_kbps: int = 0, count: int = 10
    ) -> tuple[uuid.UUID, list[Any]]:
        """A "standard" environment (10 outputs at most) with in-0 and ``count`` outputs out-0… each scheduled from
        in 5 minutes to in 30, in order."""
        organisation = principal.managing_organisation_id or 0
        environment_id = await self.environment(organisation, instance_type="standard")
        await self.input(organisation, environment_id, "in-0", bitrate_kbps=bitrate_kbps)
        made = []
        for n in range(count):
            await self.output(organisation, environment_id, f"out-{n}")
            made.append(await self.schedule(principal, {"input_id": "in-0", "output_id": f"out-{n}",
                                                        "start_time": at(5), "end_time": at(30)}))  # fmt: skip
        return environment_id, made

    async def pushed(self, environment_id: uuid.UUID) -> set[str]:
        """The schedule ids in the environment's newest full set."""
        data = await self.runtime.pool.fetchval(
            """SELECT data FROM scheduler.events WHERE stream_id LIKE $1 AND type = 'FullSetComputed'
               ORDER BY position DESC LIMIT 1""", f"schedules-set-{environment_id}-v%",
        )  # fmt: skip
        return {item["schedule_id"] for item in (json.loads(data) if isinstance(data, str) else data)["items"]}

    async def _until(self, sql: str, expected: object, *args: object) -> None:
        async def seen() -> None:
            assert await self.runtime.pool.fetchval(sql, *args) == expected

        await eventually(seen, within=15)


@pytest.fixture(scope="session")
async def scheduler(database_url: str, amqp_url: str, internal_key: str) -> AsyncIterator[SchedulerUnderTest]:
    settings = SchedulerSettings(DATABASE_URL=database_url, AMQP_URL=amqp_url, SWITCHYARD_INTERNAL_KEY=internal_key)
    server = TestServer(create_app(spec(settings)))
    await server.start_server()
    async with aiohttp.ClientSession() as session:
        yield SchedulerUnderTest(server, session, internal_key)
    await server.close()
