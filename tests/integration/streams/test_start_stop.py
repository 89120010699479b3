"""Starting and stopping inputs (A078, A080) and outputs (A109, A110) through the streams service with a real agent
process: a stop reaches the agent's disk as part of the configuration, survives a later change and an agent restart
without its disk, and the agent's answer says the media does not run; a start brings it back. Environments whose
media is down refuse with 409 naming their state; other tenants' are 404."""

from __future__ import annotations

import asyncio
import json
import shutil
import uuid
from typing import Any

import pytest

from common.bus.topology import CENV_EVENTS
from streams.adapters.projections import PROJECTIONS
from tests.integration.streams.conftest import StreamsUnderTest
from tests.integration.streams.test_agent_holds_endpoints import AgentProcess, agent
from tests.support.bus import tap
from tests.support.rebuild import drift_at_rest
from tests.support.service_under_test import member_of, new_organisation
from tests.support.waiting import eventually

__all__ = ["agent"]  # the real agent's fixture
LISTENER = "srt_listener"
SIDES = ["inputs", "outputs"]


def endpoint_of(environment_id: str, side: str, endpoint_id: str) -> str:
    return f"/api/customer_environment/{environment_id}/{side}/{endpoint_id}"


async def _read(streams: StreamsUnderTest, organisation_id: int, environment_id: str, side: str, id_: str) -> Any:
    path = f"/api/customer_environment/{environment_id}/{side}?id={id_}"
    [found] = (await streams.call(member_of(organisation_id), "GET", path)).ok()["objects"]
    return found


@pytest.mark.parametrize("side", SIDES)
async def test_a_stop_reaches_the_agent_survives_a_change_and_a_start_runs_it_again(
    streams: StreamsUnderTest, agent: tuple[int, AgentProcess], side: str
) -> None:
    organisation_id, process = agent
    operator, environment_id = member_of(organisation_id, "operator"), process.environment_id
    base, endpoint = f"/api/customer_environment/{environment_id}/{side}", endpoint_of(environment_id, side, "cam")
    (await streams.call(operator, "POST", f"{base}/{LISTENER}", {"id": "cam"})).ok(201)

    async def agent_says(version: int, running: bool) -> None:
        held = process.held(side).get("cam", {})
        assert (held.get("version"), held.get("running")) == (version, running)
        body = await _read(streams, organisation_id, environment_id, side, "cam")
        assert (body["agent_version"], body["enabled"], body["state"]) == (
            version, running, "running" if running else "stopped")  # fmt: skip

    await eventually(lambda: agent_says(1, True), within=20)
    stopped = (await streams.call(operator, "POST", f"{endpoint}/stop")).ok(202)
    assert (stopped["config_version"], stopped["enabled"]) == (2, False)
    assert stopped["state"] in ("configuring", "stopped")
    await eventually(lambda: agent_says(2, False), within=20)
    again = (await streams.call(operator, "POST", f"{endpoint}/stop")).ok(202)
    assert again["config_version"] == 2, "a stopped endpoint stopped again records nothing"

    await streams.call(operator, "PATCH", f"{base}/{LISTENER}/cam", {"latency": 300})
    await eventually(lambda: agent_says(3, False), within=20)
    assert process.held(side)["cam"]["settings"]["latency"] == 300

    started = (await streams.call(operator, "POST", f"{endpoint}/start")).ok(202)
    assert (started["config_version"], started["enabled"]) == (4, True)
    await eventually(lambda: agent_says(4, True), within=20)
    assert (await streams.call(operator, "POST", f"{endpoint}/start")).ok(202)["config_version"] == 4
    drift = await drift_at_rest(streams.runtime.pool, "streams", "streams_rebuild", list(PROJECTIONS))
    assert set(drift.values()) == {0}, drift


@pytest.mark.parametrize("side", SIDES)
async def test_concurrent_starts_stops_and_changes_end_with_the_agent_holding_the_last_decision(
    streams: StreamsUnderTest, agent: tuple[int, AgentProcess], side: str
) -> None:
    organisation_id, process = agent
    admin, environment_id = member_of(organisation_id), process.environment_id
    base, endpoint = f"/api/customer_environment/{environment_id}/{side}", endpoint_of(environment_id, side, "busy")
    (await streams.call(admin, "POST", f"{base}/{LISTENER}", {"id": "busy"})).ok(201)
    calls = [streams.call(admin, "POST", f"{endpoint}/{'stop' if i % 2 else 'start'}") for i in range(12)]
    calls += [streams.call(admin, "PATCH", f"{base}/{LISTENER}/busy", {"latency": 100 + i}) for i in range(4)]
    replies = await asyncio.gather(*calls)
    assert {reply.status for reply in replies} <= {200, 202}, [r.body for r in replies if r.status >= 300]

    async def agent_holds_the_last() -> None:
        body = await _read(streams, organisation_id, environment_id, side, "busy")
        held = process.held(side).get("busy", {})
        assert (held.get("version"), held.get("running")) == (body["config_version"], body["enabled"])
        assert body["state"] == ("running" if body["enabled"] else "stopped")

    await eventually(agent_holds_the_last, within=30)


async def test_an_agent_restarted_without_its_disk_holds_its_endpoints_stopped_again(
    streams: StreamsUnderTest, agent: tuple[int, AgentProcess]
) -> None:
    organisation_id, process = agent
    admin, environment_id = member_of(organisation_id), process.environment_id
    for side in SIDES:
        base = f"/api/customer_environment/{environment_id}/{side}"
        (await streams.call(admin, "POST", f"{base}/{LISTENER}", {"id": "quiet"})).ok(201)
        (await streams.call(admin, "POST", endpoint_of(environment_id, side, "quiet") + "/stop")).ok(202)

    async def held_stopped() -> None:
        for side in SIDES:
            assert {k: process.held(side).get("quiet", {}).get(k) for k in ("version", "running")} == {
                "version": 2, "running": False}, side  # fmt: skip

    await eventually(held_stopped, within=20)
    process.stop()
    shutil.rmtree(process.state_dir)
    process.start()
    await eventually(held_stopped, within=30)


async def test_the_agents_heartbeat_counts_only_the_endpoints_whose_media_runs(
    streams: StreamsUnderTest, agent: tuple[int, AgentProcess]
) -> None:
    organisation_id, process = agent
    process.stop()
    process.env["SWITCHYARD_AGENT_HEARTBEAT_SECONDS"] = "0.2"
    process.start()
    admin, environment_id = member_of(organisation_id), process.environment_id
    for side, endpoint_id in (("inputs", "a"), ("inputs", "b"), ("outputs", "a")):
        base = f"/api/customer_environment/{environment_id}/{side}"
        (await streams.call(admin, "POST", f"{base}/{LISTENER}", {"id": endpoint_id})).ok(201)
    (await streams.call(admin, "POST", endpoint_of(environment_id, "inputs", "b") + "/stop")).ok(202)
    async with streams.runtime.connection.channel() as channel:
        beats = await tap(channel, CENV_EVENTS, f"{environment_id}.cenv.Heartbeat")
        try:

            async def counts_running() -> None:
                message = await beats.get(fail=False, no_ack=True)
                assert message is not None
                load = json.loads(message.body)["payload"]["load"]
                assert (load["inputs"], load["outputs"]) == (1, 1), load

            await eventually(counts_running, within=20)
        finally:
            await beats.delete(if_unused=False, if_empty=False)


@pytest.mark.parametrize("state", ["stopped", "stopping", "failed", "deleted"])
@pytest.mark.parametrize("side", SIDES)
async def test_an_environment_whose_media_is_down_refuses_naming_its_state(
    streams: StreamsUnderTest, side: str, state: str
) -> None:
    organisation_id = new_organisation()
    admin, environment_id = member_of(organisation_id), await streams.environment(organisation_id)
    base = f"/api/customer_environment/{environment_id}/{side}"
    (await streams.call(admin, "POST", f"{base}/{LISTENER}", {"id": "cam"})).ok(201)
    await streams.environment_became(organisation_id, environment_id, state)
    for verb in ("start", "stop"):
        reply = await streams.call(admin, "POST", f"{endpoint_of(environment_id, side, 'cam')}/{verb}")
        assert reply.status == 409, reply.body
        assert state in reply.body["detail"]


@pytest.mark.parametrize("side", SIDES)
async def test_other_tenants_unknown_endpoints_and_unknown_environments_are_404(
    streams: StreamsUnderTest, side: str
) -> None:
    organisation_id, stranger = new_organisation(), new_organisation()
    admin, environment_id = member_of(organisation_id), await streams.environment(organisation_id)
    base = f"/api/customer_environment/{environment_id}/{side}"
    (await streams.call(admin, "POST", f"{base}/{LISTENER}", {"id": "cam"})).ok(201)
    endpoint = endpoint_of(environment_id, side, "cam")
    assert (await streams.call(member_of(stranger), "POST", f"{endpoint}/stop")).status == 404
    assert (await streams.call(admin, "POST", f"{endpoint_of(environment_id, side, 'nope')}/stop")).status == 404
    assert (await streams.call(admin, "POST", f"{endpoint_of(str(uuid.uuid4()), side, 'cam')}/stop")).status == 404
    await streams.call(admin, "DELETE", endpoint)
    assert (await streams.call(admin, "POST", f"{endpoint}/start")).status == 404
