"""Broker connections of the services and of the agent are dropped mid-flow: the lifecycle still completes,
and nothing is lost or applied twice."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import Counter

from common.bus.management import RabbitManagement
from tests.support.api import Api
from tests.support.environments import history, in_state, known_to_streams
from tests.support.platform import Platform
from tests.support.waiting import eventually


async def drop_every_connection(management_url: str, vhost: str, at_least: int) -> None:
    """Close every connection of the run's vhost, once the management API lists them all (it lags a little)."""
    async with RabbitManagement(management_url) as api:

        async def listed() -> list[dict[str, object]]:
            connections = await api.connections(vhost)
            assert len(connections) >= at_least, f"{len(connections)} connections listed"
            return connections

        for connection in await eventually(listed, within=30, every=0.5):
            await api.close_connection(str(connection["name"]))


async def test_dropped_connections_delay_but_never_lose_or_repeat_a_lifecycle_step(
    platform: Platform, broadcaster: tuple[Api, dict[str, object]], management_url: str, e2e_run_name: str
) -> None:
    api, _ = broadcaster
    await drop_every_connection(management_url, e2e_run_name, at_least=6)
    environment_id = (await api.post("/api/customer_environment", {"name": "flaky"})).ok(201)["id"]
    await in_state(api, environment_id, "running")

    for action, settled in (("stop", "stopped"), ("start", "running"), ("restart", "running")):
        await drop_every_connection(management_url, e2e_run_name, at_least=7)  # the six services and the agent
        (await api.post(f"/api/customer_environment/{environment_id}/{action}")).ok(202)
        await in_state(api, environment_id, settled)

    steps = await history(api, environment_id)
    completed = [h for h in steps if h["event"] == "CommandCompleted"]
    assert len(completed) == 3, steps
    applied = Counter(
        json.loads(line)["command_id"]
        for line in platform.agent_log(environment_id).splitlines()
        if '"command_applied"' in line
    )
    assert len(applied) == 3 and set(applied.values()) == {1}, applied

    await drop_every_connection(management_url, e2e_run_name, at_least=7)
    (await api.delete(f"/api/customer_environment/{environment_id}")).ok(202)
    await in_state(api, environment_id, "deleted")


async def keep_dropping_connections(management_url: str, vhost: str, seconds: float) -> None:
    """Close every connection of the vhost as soon as it is listed, for a while: a broker that keeps blipping."""
    deadline = asyncio.get_running_loop().time() + seconds
    async with RabbitManagement(management_url) as api:
        while asyncio.get_running_loop().time() < deadline:
            for connection in await api.connections(vhost):
                with contextlib.suppress(Exception):  # gone already
                    await api.close_connection(str(connection["name"]))
            await asyncio.sleep(0.2)


async def test_a_broker_blip_during_creations_delays_them_but_fails_none(
    broadcaster: tuple[Api, dict[str, object]], management_url: str, e2e_run_name: str
) -> None:
    api, _ = broadcaster
    blips = asyncio.create_task(keep_dropping_connections(management_url, e2e_run_name, seconds=12))
    created = [(await api.post("/api/customer_environment", {"name": f"blip-{i}"})).ok(201)["id"] for i in range(4)]
    await blips
    for environment_id in created:
        await in_state(api, environment_id, "running")
    for environment_id in created:
        steps = await history(api, environment_id)
        assert [h for h in steps if h["state"] == "failed"] == [], steps
        (await api.delete(f"/api/customer_environment/{environment_id}")).ok(202)
    for environment_id in created:
        await in_state(api, environment_id, "deleted")


async def test_dropped_connections_while_inputs_and_outputs_are_made_lose_none_and_apply_none_twice(
    platform: Platform, broadcaster: tuple[Api, dict[str, object]], management_url: str, e2e_run_name: str
) -> None:
    api, _ = broadcaster
    environment_id = (await api.post("/api/customer_environment", {"name": "endpoints-under-blips"})).ok(201)["id"]
    await in_state(api, environment_id, "running")
    await known_to_streams(api, environment_id)
    base = f"/api/customer_environment/{environment_id}"
    blips = asyncio.create_task(keep_dropping_connections(management_url, e2e_run_name, seconds=10))
    made = {"inputs": [f"in-{i}" for i in range(8)], "outputs": [f"out-{i}" for i in range(8)]}
    for index in range(8):
        for side, ids in made.items():
            (await api.post(f"{base}/{side}/srt_listener", {"id": ids[index]})).ok(201)
        await asyncio.sleep(0.5)
    await blips

    async def all_held() -> None:
        for side, ids in made.items():
            listed = (await api.get(f"{base}/{side}?limit=100")).ok()["objects"]
            assert sorted(e["id"] for e in listed if e["configured"]) == sorted(ids), listed
        state = json.loads((platform.agent_dir(environment_id) / "state.json").read_text())  # type: ignore[operator]
        assert {side: sorted(state[side]) for side in made} == {side: sorted(ids) for side, ids in made.items()}

    await eventually(all_held, within=90, every=1)
    held = Counter(
        (line["event"], line["endpoint_id"])
        for line in map(
            json.loads, filter(lambda text: text.startswith("{"), platform.agent_log(environment_id).splitlines())
        )
        if line.get("event") in ("input_held", "output_held")
    )
    assert sorted(held) == sorted(
        (f"{side[:-1]}_held", endpoint_id) for side, ids in made.items() for endpoint_id in ids
    ), "every configuration reached the agent"
    assert set(held.values()) == {1}, f"a configuration applied twice: {held}"
    (await api.delete(base)).ok(202)
    await in_state(api, environment_id, "deleted")
