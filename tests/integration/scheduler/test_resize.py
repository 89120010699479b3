"""A c_env scaled up and down (A200 naming its machine's instance type, decision 82) on Postgres and RabbitMQ with a
real agent process: on a small type the schedules beyond its outputs are "not started: capacity"; resized up, the
agent holds and runs them all; resized down, the last by the documented priority (here: the latest starts) stop."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from common.http.principal import Principal
from environments.adapters.broker import AgentBroker
from tests.integration.scheduler.conftest import SchedulerUnderTest, at
from tests.integration.scheduler.test_agent_holds_the_set import AgentProcess
from tests.support.service_under_test import member_of, new_organisation
from tests.support.waiting import eventually

OUTPUTS = 12  # c5.large carries 10, c5.xlarge 25
STAFF = Principal(kind="user", is_superuser=True)


@pytest.fixture
async def crowded(
    scheduler: SchedulerUnderTest, management_url: str, amqp_url: str, internal_key: str, tmp_path: Path
) -> AsyncIterator[tuple[Principal, AgentProcess, list[dict[str, Any]]]]:
    """An aws c5.large environment with its agent running, and twelve schedules of in-0 starting now, in order."""
    organisation_id = new_organisation()
    admin = member_of(organisation_id)
    environment_id = await scheduler.environment(organisation_id, instance_type="c5.large", cloud_provider="aws")
    await scheduler.input(organisation_id, environment_id, "in-0")
    broker = AgentBroker(management_url, amqp_url, None, 5, internal_key.encode())
    account = await broker.grant(scheduler.runtime.connection, environment_id)
    process = AgentProcess(environment_id, account.amqp_url.get_secret_value(), account.command_queue, tmp_path)
    process.start()
    made = []
    for n in range(OUTPUTS):
        await scheduler.output(organisation_id, environment_id, f"out-{n}")
        made.append(await scheduler.schedule(admin, {"input_id": "in-0", "output_id": f"out-{n}",
                                                      "start_time": "NOW", "end_time": at(30)}))  # fmt: skip
    yield admin, process, made
    process.stop()
    await broker.revoke(scheduler.runtime.connection, environment_id)


async def refresh(scheduler: SchedulerUnderTest, environment_id: uuid.UUID, body: Any = None) -> Any:
    agent = Principal(kind="agent", environment_id=environment_id)
    return await scheduler.call(agent, "POST", f"/api/customer_environment/{environment_id}/schedules/refresh", body)


async def agent_runs(scheduler: SchedulerUnderTest, process: AgentProcess, schedules: list[dict[str, Any]]) -> None:
    """The agent holds the newest set, made of ``schedules``, runs exactly their outputs, and the dump agrees."""
    path = f"/api/customer_environment/{process.environment_id}/schedules/dump"

    async def running() -> None:
        version, applied = await scheduler.set_of(process.environment_id)
        assert process.held()["version"] == version == applied, (version, applied)
        assert {e["schedule_id"] for e in process.held()["entries"]} == {s["id"] for s in schedules}
        dump = (await scheduler.call(STAFF, "GET", path)).ok()
        assert dump["agree"], dump
        assert set(dump["agent"]["running"]) == {s["output_id"] for s in schedules}, dump["agent"]["running"]

    await eventually(running, within=30)


async def status_of(scheduler: SchedulerUnderTest, admin: Principal, schedule: dict[str, Any]) -> tuple[str, str]:
    status = (await scheduler.call(admin, "GET", f"{schedule['resource_uri']}/status")).ok()
    return status["status"], (status["reason"] or "").split(":")[0]


async def test_a_scale_up_starts_those_the_small_type_left_out_and_a_scale_down_stops_the_last_by_priority(
    scheduler: SchedulerUnderTest, crowded: tuple[Principal, AgentProcess, list[dict[str, Any]]]
) -> None:
    admin, process, made = crowded
    environment_id = process.environment_id
    await agent_runs(scheduler, process, made[:10])
    assert [await status_of(scheduler, admin, s) for s in made[10:]] == [("not_started", "capacity")] * 2

    before, _ = await scheduler.set_of(environment_id)
    scaled_up = (await refresh(scheduler, environment_id, {"instance_type": "c5.xlarge"})).ok()
    assert scaled_up["version"] == before + 1
    await agent_runs(scheduler, process, made)
    assert {(await status_of(scheduler, admin, s))[0] for s in made} == {"running"}

    assert (await refresh(scheduler, environment_id, {"instance_type": "c5.xlarge"})).ok()["version"] == before + 1
    (await refresh(scheduler, environment_id, {"instance_type": "c5.large"})).ok()
    await agent_runs(scheduler, process, made[:10])  # the latest starts stop: the priority is by start
    assert [await status_of(scheduler, admin, s) for s in made[10:]] == [("not_started", "capacity")] * 2


async def test_an_instance_type_the_environments_provider_lacks_is_refused_naming_the_field(
    scheduler: SchedulerUnderTest,
) -> None:
    organisation_id = new_organisation()
    environment_id = await scheduler.environment(organisation_id, instance_type="c5.large", cloud_provider="aws")
    unknown = await refresh(scheduler, environment_id, {"instance_type": "n2-standard-4"})
    assert unknown.status == 400 and unknown.body["errors"][0]["parameter"] == "instance_type", unknown.body
    malformed = await refresh(scheduler, environment_id, {"instance_type": "C5 LARGE"})
    assert malformed.status == 400 and malformed.body["errors"][0]["parameter"] == "instance_type", malformed.body
    assert (await refresh(scheduler, environment_id)).ok() == {"environment_id": str(environment_id), "version": 0}
