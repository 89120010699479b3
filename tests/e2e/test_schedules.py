"""HTTP → gateway → streams and scheduler → RabbitMQ → the environment's real agent: a schedule made through the
gateway reaches the agent as its environment's full set, the agent asks for a refresh as it starts (A200), and the
dump (A202) shows the agent agreeing with the scheduler."""

from __future__ import annotations

import asyncio
import contextlib
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.e2e.test_faults import keep_dropping_connections
from tests.support.api import Api
from tests.support.environments import known_to_streams
from tests.support.platform import Platform
from tests.support.waiting import eventually


def _in(minutes: float) -> str:
    return (datetime.now(UTC) + timedelta(minutes=minutes)).isoformat()


async def scheduled_studio(api: Api, name: str) -> tuple[str, dict[str, Any]]:
    """A running environment with an input, an output and a schedule of one to the other, running now."""
    environment_id = (await api.post("/api/customer_environment", {"name": name})).ok(201)["id"]

    async def running() -> None:
        assert (await api.get(f"/api/customer_environment/{environment_id}")).ok()["state"] == "running"

    await eventually(running, within=45)
    await known_to_streams(api, environment_id)
    streams = f"/api/customer_environment/{environment_id}"
    (await api.post(f"{streams}/inputs/zixi_push", {"id": f"{name}-cam"})).ok(201)
    (await api.post(f"{streams}/outputs/srt_listener", {"id": f"{name}-out"})).ok(201)
    body = {"input_id": f"{name}-cam", "output_id": f"{name}-out", "start_time": "NOW", "end_time": _in(30)}

    async def scheduled() -> dict[str, Any]:
        reply = await api.post("/api/schedules", body)
        assert reply.status == 201, reply.body
        return dict(reply.body)

    return environment_id, await eventually(scheduled, within=20)


def held_by_agent(platform: Platform, environment_id: str) -> dict[str, Any]:
    directory = platform.agent_dir(environment_id)
    path = directory / "schedules.json" if directory else None
    with contextlib.suppress(FileNotFoundError, ValueError):
        return dict(json.loads(path.read_text())) if path else {"version": 0, "entries": []}
    return {"version": 0, "entries": []}


async def test_a_schedule_made_through_the_gateway_reaches_the_agent_as_the_full_set(
    platform: Platform, broadcaster: tuple[Api, dict[str, Any]]
) -> None:
    api, _ = broadcaster
    environment_id, schedule = await scheduled_studio(api, "scheduled")

    async def held() -> None:
        entries = held_by_agent(platform, environment_id)["entries"]
        assert [e["schedule_id"] for e in entries] == [schedule["id"]]

    await eventually(held, within=20)

    async def agreeing() -> None:
        dump = (await api.get(f"/api/customer_environment/{environment_id}/schedules/dump")).ok()
        assert dump["agree"] and "scheduled-out" in dump["agent"]["running"], dump
        # the agent's answer (cenv.ScheduleSetApplied) reaches the scheduler after the agent holds the set
        assert dump["scheduler"]["agent_version"] == dump["agent"]["version"] >= 1, dump

    await eventually(agreeing, within=20)
    refreshed = [json.loads(line) for line in platform.agent_log(environment_id).splitlines()
                 if "schedule_refresh_requested" in line]  # fmt: skip
    assert [line["status"] for line in refreshed] == [200], platform.agent_log(environment_id)


async def test_a_burst_of_changes_while_the_broker_blips_ends_with_the_agent_holding_the_newest_set(
    platform: Platform, broadcaster: tuple[Api, dict[str, Any]], management_url: str, e2e_run_name: str
) -> None:
    api, _ = broadcaster
    environment_id, schedule = await scheduled_studio(api, "bursty")
    seen = [0]

    async def watch() -> None:
        while True:
            seen.append(held_by_agent(platform, environment_id)["version"])
            await asyncio.sleep(0.01)

    watcher = asyncio.create_task(watch())
    blips = asyncio.create_task(keep_dropping_connections(management_url, e2e_run_name, 3))
    ends = [_in(31 + i) for i in range(40)]
    for end in ends:
        (await api.patch(schedule["resource_uri"], {"end_time": end})).ok()
    await blips

    async def newest() -> None:
        held = held_by_agent(platform, environment_id)
        assert held["version"] == 41 and held["entries"][0]["end"][:19] == ends[-1][:19], held

    await eventually(newest, within=90)
    watcher.cancel()
    assert seen == sorted(seen), seen
    applied = [json.loads(line)["version"] for line in platform.agent_log(environment_id).splitlines()
               if '"schedule_set_applied"' in line]  # fmt: skip
    assert applied == sorted(set(applied)) and applied[-1] == 41, applied


async def test_a_schedule_that_ends_leaves_the_agents_session_in_the_history(
    platform: Platform, broadcaster: tuple[Api, dict[str, Any]]
) -> None:
    api, _ = broadcaster
    environment_id, schedule = await scheduled_studio(api, "recorded")

    async def running() -> None:
        assert [e["output_id"] for e in held_by_agent(platform, environment_id)["entries"]] == ["recorded-out"]
        assert '"output_started"' in platform.agent_log(environment_id)

    await eventually(running, within=20)
    soon = (datetime.now(UTC) + timedelta(seconds=2)).isoformat()
    (await api.patch(schedule["resource_uri"], {"end_time": soon})).ok()

    async def recorded() -> dict[str, Any]:
        sessions = (await api.get("/api/history/output_sessions?output_id=recorded-out")).ok()["objects"]
        assert [s["schedule_id"] for s in sessions] == [schedule["id"]], sessions
        return dict(sessions[0])

    session = await eventually(recorded, within=30)
    assert (session["disconnect_reason"], session["input_id"]) == ("ended", "recorded-cam")
    [stream] = session["media_streams"]
    assert stream["rx_packets"] > 0 and stream["tx_packets"] > 0 and stream["tx_bitrate_kbps"] > 0, stream
    lossy = (await api.get("/api/history/output_sessions?output_id=recorded-out"
                           "&media_streams__tx_packet_loss__gt=100")).ok()  # fmt: skip
    assert lossy["objects"] == []
