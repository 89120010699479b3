"""The platform's processes stop and start again (a restart of `make run`), or one service is killed: environments
come back as they were, and every action works afterwards."""

from __future__ import annotations

import asyncio
import os
import signal
from datetime import UTC, datetime
from typing import Any

from devrun.keeper import Keeper
from tests.support.api import Api
from tests.support.environments import history, settled
from tests.support.platform import Platform
from tests.support.waiting import eventually


async def created(api: Api, name: str) -> str:
    return str((await api.post("/api/customer_environment", {"name": name})).ok(201)["id"])


async def act(api: Api, environment_id: str, action: str, outcome: str) -> None:
    (await api.post(f"/api/customer_environment/{environment_id}/{action}")).ok(202)
    await settled(api, environment_id, outcome)


async def test_running_and_stopped_environments_come_back_after_a_platform_restart_and_actions_work(
    platform: Platform, broadcaster: tuple[Api, dict[str, Any]]
) -> None:
    api, _ = broadcaster
    running, stopped, lost, stopping = [await created(api, n) for n in ("up", "down", "lost-disk", "stopping")]
    for environment_id in (running, stopped, lost, stopping):
        await settled(api, environment_id, "running")
    await act(api, stopped, "stop", "stopped")
    hosts_before = {platform.agent_pid(i) for i in (running, stopped)}
    (await api.post(f"/api/customer_environment/{stopping}/stop")).ok(202)
    creating = await created(api, "in-flight")

    platform.supervisor.stop()  # Ctrl-C: every service and every agent host goes
    lost_launch = platform.agent_dir(lost) / "launch.json"  # type: ignore[operator]
    lost_launch.unlink()  # and this environment's machine loses what it kept on disk
    platform.supervisor.environment["SWITCHYARD_AGENT_CHECK_SECONDS"] = "2"
    restarted_at = datetime.now(UTC)
    platform.supervisor.start()
    await platform.supervisor.wait_ready(90)

    await settled(api, running, "running", heard_after=restarted_at)
    await settled(api, stopped, "stopped", heard_after=restarted_at)
    await settled(api, stopping, "stopped", heard_after=restarted_at)
    await settled(api, creating, "running", heard_after=restarted_at)
    # A beat the old agent sent as it stopped is consumed after the restart, and counts then: only the history
    # shows that the agent without a disk was launched again
    await eventually(lambda: relaunched(api, lost), within=60, every=0.5)
    await settled(api, lost, "running", heard_after=restarted_at)
    assert hosts_before.isdisjoint({platform.agent_pid(i) for i in (running, stopped)}), "new agent hosts"
    assert lost_launch.exists(), "the lost agent was launched again"
    await act(api, running, "stop", "stopped")
    await act(api, stopped, "start", "running")
    await act(api, lost, "restart", "running")
    await act(api, creating, "stop", "stopped")
    await delete_all(api, running, stopped, lost, stopping, creating)


async def test_a_service_killed_under_make_run_is_started_again_and_its_agents_never_stopped(
    platform: Platform, broadcaster: tuple[Api, dict[str, Any]]
) -> None:
    api, _ = broadcaster
    environment_id = await created(api, "outlives")
    await settled(api, environment_id, "running")
    host = platform.agent_pid(environment_id)
    stop = asyncio.Event()
    keeper = asyncio.create_task(Keeper(platform.supervisor).keep(stop, every=0.2))  # type: ignore[arg-type]
    try:
        killed = platform.supervisor.processes["environments"].pid
        os.kill(killed, signal.SIGKILL)

        async def started_again() -> None:
            assert platform.supervisor.processes["environments"].pid != killed

        await eventually(started_again, within=60, every=0.5)
        await platform.supervisor.wait_ready(60, "environments")  # its start-up takes longer on a busy machine
    finally:
        stop.set()
        await keeper
    assert platform.agent_pid(environment_id) == host, "the agent host, and its agents, kept running"
    await act(api, environment_id, "stop", "stopped")
    another = await created(api, "after-the-kill")
    await settled(api, another, "running")
    await delete_all(api, environment_id, another)


async def relaunched(api: Api, environment_id: str) -> None:
    events = [h["event"] for h in await history(api, environment_id)]
    assert "AgentRelaunched" in events, events


async def delete_all(api: Api, *environment_ids: str) -> None:
    for environment_id in environment_ids:
        (await api.delete(f"/api/customer_environment/{environment_id}")).ok(202)

    async def deleted() -> None:
        states = [(await api.get(f"/api/customer_environment/{i}")).ok()["state"] for i in environment_ids]
        assert set(states) == {"deleted"}, states

    await eventually(deleted, within=120, every=0.5)
