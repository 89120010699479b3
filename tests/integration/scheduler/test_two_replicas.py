"""Two replicas of the scheduler on one database: schedules of one environment created through both at once each
get their own version of the environment's set, the versions have no gap and no repeat, and the newest set holds
every schedule (no recompute decided on a state that missed another's booking)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from common.http.app import create_app
from scheduler.bootstrap import spec
from scheduler.config import SchedulerSettings
from tests.integration.scheduler.conftest import SCHEDULES, SchedulerUnderTest, at
from tests.support.service_under_test import member_of, new_organisation

OUTPUTS = 12


@pytest.fixture
async def replica(database_url: str, amqp_url: str, internal_key: str) -> AsyncIterator[SchedulerUnderTest]:
    settings = SchedulerSettings(DATABASE_URL=database_url, AMQP_URL=amqp_url, SWITCHYARD_INTERNAL_KEY=internal_key)
    server = TestServer(create_app(spec(settings)))
    await server.start_server()
    async with aiohttp.ClientSession() as session:
        yield SchedulerUnderTest(server, session, internal_key)
    await server.close()


async def test_recomputes_of_one_environment_are_serialised_across_replicas(
    scheduler: SchedulerUnderTest, replica: SchedulerUnderTest
) -> None:
    admin = member_of(new_organisation())
    env = await scheduler.studio(admin.managing_organisation_id, inputs=1, outputs=OUTPUTS)
    replicas = [scheduler, replica]
    replies = await asyncio.gather(*(
        replicas[i % 2].call(admin, "POST", SCHEDULES, {"input_id": "in-0", "output_id": f"out-{i}",
                                                        "start_time": "NOW", "end_time": at(10)})
        for i in range(OUTPUTS)
    ))  # fmt: skip
    assert [r.status for r in replies] == [201] * OUTPUTS, [r.body for r in replies]
    rows = await scheduler.runtime.pool.fetch(
        "SELECT data FROM scheduler.events WHERE stream_id LIKE $1 AND type = 'FullSetComputed' ORDER BY position",
        f"schedules-set-{env}-v%",
    )
    sets = [json.loads(r["data"]) if isinstance(r["data"], str) else r["data"] for r in rows]
    assert [s["version"] for s in sets] == list(range(1, OUTPUTS + 1))
    assert [len(s["items"]) for s in sets] == list(range(1, OUTPUTS + 1))
    assert {e["schedule_id"] for e in sets[-1]["items"]} == {r.body["id"] for r in replies}
