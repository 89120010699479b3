"""HTTP → gateway → streams and scheduler → RabbitMQ → the environment's real agent: a schedule made through the
gateway reaches the agent as its environment's full set, the agent asks for a refresh as it starts (A200), and the
dump (A202) shows the agent agreeing with the scheduler."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.support.api import Api
from tests.support.platform import Platform
from tests.support.waiting import eventually


def _in(minutes: float) -> str:
    return (datetime.now(UTC) + timedelta(minutes=minutes)).isoformat()


async def test_a_schedule_made_through_the_gateway_reaches_the_agent_as_the_full_set(
    platform: Platform, broadcaster: tuple[Api, dict[str, Any]]
) -> None:
    api, _ = broadcaster
    environment_id = (await api.post("/api/customer_environment", {"name": "scheduled"})).ok(201)["id"]

    async def running() -> None:
        assert (await api.get(f"/api/customer_environment/{environment_id}")).ok()["state"] == "running"

    await eventually(running, within=45)
    streams = f"/api/customer_environment/{environment_id}"
    (await api.post(f"{streams}/inputs/zixi_push", {"id": "e2e-cam"})).ok(201)
    (await api.post(f"{streams}/outputs/srt_listener", {"id": "e2e-out"})).ok(201)
    body = {"input_id": "e2e-cam", "output_id": "e2e-out", "start_time": "NOW", "end_time": _in(30)}

    async def scheduled() -> dict[str, Any]:
        reply = await api.post("/api/schedules", body)
        assert reply.status == 201, reply.body
        return dict(reply.body)

    schedule = await eventually(scheduled, within=20)

    async def held() -> None:
        directory = platform.agent_dir(environment_id)
        assert directory is not None and (directory / "schedules.json").exists()
        entries = json.loads((directory / "schedules.json").read_text())["entries"]
        assert [e["schedule_id"] for e in entries] == [schedule["id"]]

    await eventually(held, within=20)

    async def agreeing() -> dict[str, Any]:
        dump = (await api.get(f"{streams}/schedules/dump")).ok()
        assert dump["agree"] and "e2e-out" in dump["agent"]["running"], dump
        return dict(dump)

    dump = await eventually(agreeing, within=20)
    assert dump["scheduler"]["agent_version"] == dump["agent"]["version"] >= 1
    refreshed = [json.loads(line) for line in platform.agent_log(environment_id).splitlines()
                 if "schedule_refresh_requested" in line]  # fmt: skip
    assert [line["status"] for line in refreshed] == [200], platform.agent_log(environment_id)
