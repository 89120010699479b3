"""Broker connections of the services and of the agent are dropped mid-flow: the lifecycle still completes,
and nothing is lost or applied twice."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import Counter

from common.bus.management import RabbitManagement
from tests.support.api import Api
from tests.support.environments import history, in_state
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
