"""HTTP → gateway → streams → the environment's real agent (launched by provisioning, with its own broker
credentials) → back: an input's most recent statistics are the agent's live answer; a stopped environment's
input is not connected, and its statistics cannot be reset."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cenv_agent import media
from tests.e2e.test_walking_skeleton import state_of
from tests.support.api import Api
from tests.support.environments import known_to_streams
from tests.support.platform import Platform
from tests.support.waiting import eventually


async def test_an_inputs_statistics_come_live_from_its_agent(
    platform: Platform, broadcaster: tuple[Api, dict[str, Any]]
) -> None:
    api, _ = broadcaster
    environment_id = (await api.post("/api/customer_environment", {"name": "statistics"})).ok(201)["id"]
    await state_of(api, environment_id, "running")
    await known_to_streams(api, environment_id)
    inputs = f"/api/customer_environment/{environment_id}/inputs"
    (await api.post(f"{inputs}/srt_listener", {"id": "cam-1"})).ok(201)

    async def live(connected: bool) -> dict[str, Any]:
        body: dict[str, Any] = (await api.get(f"{inputs}/cam-1/statistics")).ok()
        assert body["stale"] is False and body["statistics"]["is_connected"] is connected, body
        return body

    body = await eventually(lambda: live(True), within=30)
    sampled_at = datetime.fromisoformat(body["sampled_at"]).timestamp()
    assert body["statistics"]["net_recv.bitrate"] == media.bitrate_kbps("input", "cam-1", sampled_at)
    assert (await api.post(f"{inputs}/cam-1/statistics/reset")).status == 202

    (await api.post(f"/api/customer_environment/{environment_id}/stop")).ok(202)
    await state_of(api, environment_id, "stopped")
    await eventually(lambda: live(False), within=30)

    async def refused_as_stopped() -> None:  # streams hears of the stop after environments has it: "stopping" first
        refused = await api.post(f"{inputs}/cam-1/statistics/reset")
        assert refused.status == 409 and "stopped" in str(refused.body), refused.body

    await eventually(refused_as_stopped, within=30)
    (await api.delete(f"/api/customer_environment/{environment_id}")).ok(202)
