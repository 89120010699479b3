"""Full schedule sets reach the c_env: a real agent process, with its own broker user, holds the newest set of its
environment on its disk as schedules are created, changed and deleted, never goes back to an older one, runs the
entries on its own clock, and after a restart (with or without its disk) comes back holding the newest set."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from common.http.principal import Principal
from environments.adapters.broker import AgentBroker
from tests.integration.scheduler.conftest import SchedulerUnderTest, at
from tests.support.service_under_test import member_of, new_organisation
from tests.support.waiting import eventually


class AgentProcess:
    def __init__(self, environment_id: uuid.UUID, url: str, queue: str, state_dir: Path) -> None:
        self.environment_id, self.state_dir, self.log = environment_id, state_dir / "disk", state_dir / "agent.log"
        self.env = {**os.environ, "SWITCHYARD_AGENT_ENVIRONMENT_ID": str(environment_id),
                    "SWITCHYARD_AGENT_AMQP_URL": url, "SWITCHYARD_AGENT_COMMAND_QUEUE": queue,
                    "SWITCHYARD_AGENT_STATE_DIR": str(self.state_dir)}  # fmt: skip
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "cenv_agent"], env=self.env, stdout=log, stderr=log)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)

    def held(self) -> dict[str, Any]:
        path = self.state_dir / "schedules.json"
        with contextlib.suppress(FileNotFoundError, ValueError):
            return dict(json.loads(path.read_text()))
        return {"version": 0, "entries": []}

    def said(self, event: str) -> list[dict[str, Any]]:
        lines = (json.loads(line) for line in self.log.read_text().splitlines() if line.startswith("{"))
        return [line for line in lines if line.get("event") == event]


@pytest.fixture
async def agent(
    scheduler: SchedulerUnderTest, management_url: str, amqp_url: str, internal_key: str, tmp_path: Path
) -> AsyncIterator[tuple[int, AgentProcess]]:
    organisation_id = new_organisation()
    environment_id = await scheduler.studio(organisation_id, inputs=2, outputs=2)
    broker = AgentBroker(management_url, amqp_url, None, 5, internal_key.encode())
    account = await broker.grant(scheduler.runtime.connection, environment_id)
    process = AgentProcess(environment_id, account.amqp_url.get_secret_value(), account.command_queue, tmp_path)
    process.start()
    yield organisation_id, process
    process.stop()
    await broker.revoke(scheduler.runtime.connection, environment_id)


async def _holds_the_newest(scheduler: SchedulerUnderTest, process: AgentProcess, within: float = 30) -> int:
    async def check() -> int:
        version, applied = await scheduler.set_of(process.environment_id)
        assert version >= 1 and process.held()["version"] == version == applied, (version, applied, process.held())
        return version

    return int(await eventually(check, within=within))


async def test_the_agent_holds_each_new_set_and_never_an_older_one(
    scheduler: SchedulerUnderTest, agent: tuple[int, AgentProcess]
) -> None:
    organisation_id, process = agent
    admin, seen = member_of(organisation_id), [0]

    async def watch() -> None:
        while True:
            seen.append(process.held()["version"])
            await asyncio.sleep(0.01)

    watcher = asyncio.create_task(watch())
    first = await scheduler.schedule(admin, {"input_id": "in-0", "output_id": "out-0", "start_time": "NOW",
                                             "end_time": at(10)})  # fmt: skip
    second = await scheduler.schedule(admin, {"input_id": "in-1", "output_id": "out-1", "start_time": at(5),
                                              "end_time": at(10)})  # fmt: skip
    await scheduler.call(admin, "PATCH", second["resource_uri"], {"end_time": at(20)})
    await scheduler.call(admin, "DELETE", first["resource_uri"])
    version = await _holds_the_newest(scheduler, process)
    watcher.cancel()
    assert version == 4 and seen == sorted(seen), seen
    [entry] = process.held()["entries"]
    assert (entry["schedule_id"], entry["input_id"], entry["output_id"]) == (second["id"], "in-1", "out-1")
    status = (await scheduler.call(admin, "GET", f"{second['resource_uri']}/status")).ok()
    assert (status["set_version"], status["agent_set_version"]) == (4, 4)


async def test_the_agent_runs_what_is_due_on_its_own_clock(
    scheduler: SchedulerUnderTest, agent: tuple[int, AgentProcess]
) -> None:
    organisation_id, process = agent
    admin = member_of(organisation_id)
    now = await scheduler.schedule(admin, {"input_id": "in-0", "output_id": "out-0", "start_time": "NOW",
                                           "end_time": at(10)})  # fmt: skip
    later = await scheduler.schedule(admin, {"input_id": "in-1", "output_id": "out-1", "start_time": at(60),
                                             "end_time": at(70)})  # fmt: skip

    async def started() -> None:
        assert [e["schedule_id"] for e in process.said("output_started")] == [now["id"]]

    await eventually(started, within=30)
    assert process.said("output_stopped") == []
    (await scheduler.call(admin, "PATCH", now["resource_uri"], {"end_time": at(0.02)})).ok()

    async def stopped() -> None:
        assert [e["schedule_id"] for e in process.said("output_stopped")] == [now["id"]]

    await eventually(stopped, within=30)
    assert later["id"] not in {e["schedule_id"] for e in process.said("output_started")}


@pytest.mark.parametrize("keeps_its_disk", [True, False], ids=["with-its-disk", "without-its-disk"])
async def test_an_agent_restarted_comes_back_holding_the_newest_set(
    scheduler: SchedulerUnderTest, agent: tuple[int, AgentProcess], keeps_its_disk: bool
) -> None:
    organisation_id, process = agent
    admin = member_of(organisation_id)
    running = await scheduler.schedule(admin, {"input_id": "in-0", "output_id": "out-0", "start_time": "NOW",
                                               "end_time": at(10)})  # fmt: skip
    await _holds_the_newest(scheduler, process)

    async def started(times: int) -> None:
        assert [e["schedule_id"] for e in process.said("output_started")].count(running["id"]) == times

    await eventually(lambda: started(1), within=20)  # held is not yet started: a tick may not have run
    process.stop()
    if not keeps_its_disk:
        shutil.rmtree(process.state_dir)
    await scheduler.schedule(admin, {"input_id": "in-1", "output_id": "out-1", "start_time": at(1),
                                     "end_time": at(10)})  # fmt: skip
    process.start()
    assert await _holds_the_newest(scheduler, process) == 2
    assert len(process.held()["entries"]) == 2

    await eventually(lambda: started(2), within=20)


async def test_a_dump_shows_the_agents_live_state_beside_the_schedulers_and_they_agree(
    scheduler: SchedulerUnderTest, agent: tuple[int, AgentProcess]
) -> None:
    organisation_id, process = agent
    admin, staff = member_of(organisation_id), Principal(kind="user", is_superuser=True)
    running = await scheduler.schedule(admin, {"input_id": "in-0", "output_id": "out-0", "start_time": "NOW",
                                               "end_time": at(10)})  # fmt: skip
    await scheduler.schedule(admin, {"input_id": "in-1", "output_id": "out-1", "start_time": at(5), "end_time": at(9)})
    await _holds_the_newest(scheduler, process)
    path = f"/api/customer_environment/{process.environment_id}/schedules/dump"

    async def agreeing() -> dict[str, Any]:
        dump = (await scheduler.call(staff, "GET", path)).ok()
        assert dump["agree"] and dump["agent"]["running"], dump
        return dict(dump)

    dump = await eventually(agreeing, within=15)
    assert dump["scheduler"]["version"] == dump["scheduler"]["agent_version"] == dump["agent"]["version"] == 2
    assert [e["schedule_id"] for e in dump["agent"]["entries"]] == [running["id"], *[
        e["schedule_id"] for e in dump["scheduler"]["entries"][1:]]]  # fmt: skip
    assert dump["agent"]["running"]["out-0"]["schedule_id"] == running["id"]
    assert "out-1" not in dump["agent"]["running"]
    process.stop()
    silent = (await scheduler.call(staff, "GET", path)).ok()
    assert (silent["agent"], silent["agree"]) == (None, False)
    assert (
        await scheduler.call(staff, "GET", f"/api/customer_environment/{uuid.uuid4()}/schedules/dump")
    ).status == 404
