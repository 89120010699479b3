"""Inputs and outputs reach the c_env: a real agent process, with its own broker user, holds each one's
configuration on its disk as streams creates, updates and deletes it (an organisation's deletion too), and gets it
again after a restart without its disk. An SRT output's password never reaches it (only ``password_set``)."""

from __future__ import annotations

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

from common.unit_of_work import UnitOfWork
from environments.adapters.broker import AgentBroker
from streams.adapters.secrets import secrets_of
from streams.config import SCHEMA, StreamsSettings
from streams.context import runner
from streams.entrypoints.workers import chase_once
from streams.service_layer import withdrawals
from tests.integration.streams.conftest import StreamsUnderTest
from tests.integration.streams.test_guest_outputs import shown_and_granted
from tests.support.service_under_test import member_of, new_organisation
from tests.support.waiting import eventually

LISTENER = "srt_listener"
PASSWORD = "never-on-the-bus-42"
SIDES = ["inputs", "outputs"]
FIRST = {"inputs": {"latency": 100}, "outputs": {"latency": 100, "encryption_type": 1, "password": PASSWORD}}


class AgentProcess:
    def __init__(self, environment_id: str, url: str, queue: str, state_dir: Path) -> None:
        self.environment_id, self.state_dir = environment_id, state_dir
        self.env = {**os.environ, "SWITCHYARD_AGENT_ENVIRONMENT_ID": environment_id, "SWITCHYARD_AGENT_AMQP_URL": url,
                    "SWITCHYARD_AGENT_COMMAND_QUEUE": queue, "SWITCHYARD_AGENT_STATE_DIR": str(state_dir)}  # fmt: skip
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "cenv_agent"], env=self.env)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)

    def held(self, side: str = "inputs") -> dict[str, Any]:
        path = self.state_dir / "state.json"
        return dict(json.loads(path.read_text()).get(side, {})) if path.exists() else {}

    def disk(self) -> str:
        path = self.state_dir / "state.json"
        return path.read_text() if path.exists() else ""


@pytest.fixture
async def agent(streams: StreamsUnderTest, management_url: str, amqp_url: str, internal_key: str,
                tmp_path: Path) -> AsyncIterator[tuple[int, AgentProcess]]:  # fmt: skip
    organisation_id = new_organisation()
    environment_id = await streams.environment(organisation_id)
    broker = AgentBroker(management_url, amqp_url, None, 5, internal_key.encode())
    account = await broker.grant(streams.runtime.connection, uuid.UUID(environment_id))
    process = AgentProcess(environment_id, account.amqp_url.get_secret_value(), account.command_queue, tmp_path)
    process.start()
    yield organisation_id, process
    process.stop()
    await broker.revoke(streams.runtime.connection, uuid.UUID(environment_id))


async def _endpoint(streams: StreamsUnderTest, organisation_id: int, environment_id: str, side: str, id_: str) -> Any:
    path = f"/api/customer_environment/{environment_id}/{side}?id={id_}"
    [found] = (await streams.call(member_of(organisation_id), "GET", path)).ok()["objects"]
    return found


@pytest.mark.parametrize("side", SIDES)
async def test_create_update_and_delete_reach_the_agents_disk(
    streams: StreamsUnderTest, agent: tuple[int, AgentProcess], side: str
) -> None:
    organisation_id, process = agent
    admin, base = member_of(organisation_id), f"/api/customer_environment/{process.environment_id}/{side}"
    created = (await streams.call(admin, "POST", f"{base}/{LISTENER}", {"id": "cam-1", **FIRST[side]})).ok(201)
    assert created["config_version"] == 1

    async def holds(version: int, latency: int | None) -> None:
        held = process.held(side).get("cam-1")
        assert held is not None and held["version"] == version
        assert (held["settings"] or {}).get("latency") == latency
        body = await _endpoint(streams, organisation_id, process.environment_id, side, "cam-1") if latency else None
        assert body is None or (body["agent_version"], body["configured"]) == (version, True)

    await eventually(lambda: holds(1, 100), within=20)
    if side == "outputs":
        assert process.held(side)["cam-1"]["settings"]["password_set"] is True
    await streams.call(admin, "PATCH", f"{base}/{LISTENER}/cam-1", {"latency": 200})
    await eventually(lambda: holds(2, 200), within=20)
    await streams.call(admin, "DELETE", f"{base}/cam-1")
    await eventually(lambda: holds(3, None), within=20)
    assert PASSWORD not in process.disk()


async def test_an_agent_restarted_without_its_disk_gets_its_inputs_and_outputs_again(
    streams: StreamsUnderTest, agent: tuple[int, AgentProcess]
) -> None:
    organisation_id, process = agent
    admin, env = member_of(organisation_id), f"/api/customer_environment/{process.environment_id}"
    for side in SIDES:
        for endpoint_id in ("a", "b"):
            (await streams.call(admin, "POST", f"{env}/{side}/{LISTENER}", {"id": endpoint_id})).ok(201)

    async def holds_both() -> None:
        for side in SIDES:
            assert {i: h["version"] for i, h in process.held(side).items() if h["kind"]} == {"a": 1, "b": 1}

    await eventually(holds_both, within=20)
    process.stop()
    shutil.rmtree(process.state_dir)
    process.start()
    await eventually(holds_both, within=30)


async def test_the_sweep_sends_again_what_an_agent_left_unanswered_inputs_and_outputs_alike(
    streams: StreamsUnderTest, agent: tuple[int, AgentProcess]
) -> None:
    organisation_id, process = agent
    process.stop()  # nobody answers now
    admin, env = member_of(organisation_id), f"/api/customer_environment/{process.environment_id}"
    for side in SIDES:
        (await streams.call(admin, "POST", f"{env}/{side}/{LISTENER}", {"id": "quiet"})).ok(201)
    pool, settings = streams.runtime.pool, streams.runtime.settings
    assert isinstance(settings, StreamsSettings)
    for table in SIDES:  # the sends were made long ago
        await pool.execute(f"UPDATE {SCHEMA}.{table} SET agent_sent_at = now() - interval '1 hour' "
                           "WHERE environment_id = $1", uuid.UUID(process.environment_id))  # fmt: skip
    await chase_once(streams.runtime, settings)
    for table in SIDES:
        attempts = await pool.fetchval(f"SELECT agent_attempts FROM {SCHEMA}.{table} WHERE environment_id = $1",
                                       uuid.UUID(process.environment_id))  # fmt: skip
        assert attempts >= 2, table  # (the service's own sweep may have run too)
    process.start()

    async def holds_both() -> None:
        for side in SIDES:
            assert process.held(side).get("quiet", {}).get("version") == 1, side

    await eventually(holds_both, within=20)


async def test_an_organisation_deleted_takes_its_own_inputs_and_outputs_off_the_agent(
    streams: StreamsUnderTest, agent: tuple[int, AgentProcess]
) -> None:
    owner, process = agent
    guest, environment_id = new_organisation(), uuid.UUID(process.environment_id)
    env = f"/api/customer_environment/{environment_id}"
    await shown_and_granted(streams, owner, guest, {"cam": process.environment_id}, shown=("cam",))
    for taker, endpoint_id in ((owner, "out"), (guest, "g")):
        (await streams.call(member_of(taker), "POST", f"{env}/outputs/{LISTENER}", {"id": endpoint_id})).ok(201)

    def held() -> dict[str, set[str]]:
        return {side: {i for i, h in process.held(side).items() if h["kind"]} for side in SIDES}

    async def holds(expected: dict[str, set[str]]) -> None:
        assert held() == expected

    await eventually(lambda: holds({"inputs": {"cam"}, "outputs": {"out", "g"}}), within=20)
    await streams.delete_organisation(guest)
    await eventually(lambda: holds({"inputs": {"cam"}, "outputs": {"out"}}), within=20)
    await streams.delete_organisation(owner)
    await eventually(lambda: holds({"inputs": set(), "outputs": set()}), within=20)

    live = await streams.runtime.pool.fetchval(
        f"""SELECT (SELECT count(*) FROM {SCHEMA}.inputs WHERE environment_id = $1 AND NOT deleted)
                 + (SELECT count(*) FROM {SCHEMA}.outputs WHERE environment_id = $1 AND NOT deleted)
                 + (SELECT count(*) FROM {SCHEMA}.output_secrets s WHERE s.organisation_id = ANY($2))""",
        environment_id, [owner, guest],
    )  # fmt: skip
    assert live == 0
    again: list[str] = ["not run"]

    async def unit(work: UnitOfWork) -> None:  # a second delivery, as it would decide: nothing left to do
        again[:] = await withdrawals.organisation_deleted(work, secrets_of, owner, [(environment_id, "cam")],
                                                          [(environment_id, "out")])  # fmt: skip

    await runner(streams.runtime)(unit)
    assert again == []
