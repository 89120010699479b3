"""An output's credentials reach the agent of its environment over HTTP, and nowhere else: not the log, the
projections, the services' or the agents' logs, nor the agent's disk."""

from __future__ import annotations

import json

import asyncpg

from tests.e2e.test_walking_skeleton import state_of
from tests.support.api import Api
from tests.support.environments import known_to_streams
from tests.support.platform import Platform
from tests.support.waiting import eventually

PASSWORD, KEY = "srt-password-2f0c9e71", "rtmp-stream-key-8d1a7b3e"


async def test_the_agent_fetches_the_credentials_its_outputs_name(
    platform: Platform, broadcaster: tuple[Api, dict[str, object]], e2e_database_url: str
) -> None:
    api, _ = broadcaster
    environment_id = (await api.post("/api/customer_environment", {"name": "credentials"})).ok(201)["id"]
    await state_of(api, environment_id, "running")
    await known_to_streams(api, environment_id)
    outputs = f"/api/customer_environment/{environment_id}/outputs"
    srt = {"id": "srt-out", "encryption_type": 1, "password": PASSWORD}
    (await api.post(f"{outputs}/srt_listener", srt)).ok(201)
    rtmp = (await api.post(f"{outputs}/rtmp", {"id": "rtmp-out", "url": f"rtmp://cdn.example/live/{KEY}"})).ok(201)
    assert rtmp["output_settings"]["url"] == "rtmp://cdn.example/live/********"

    async def fetched() -> None:
        lines = [json.loads(line) for line in platform.agent_log(environment_id).splitlines() if line.startswith("{")]
        seen = {(line["output_id"], *line["names"]) for line in lines if line["event"] == "output_credentials_fetched"}
        assert seen == {("srt-out", "password"), ("rtmp-out", "url")}, lines[-10:]

    await eventually(fetched, within=30)

    directory = platform.agent_dir(environment_id)
    assert directory is not None
    disk = "\n".join(p.read_text(errors="replace") for p in directory.rglob("*") if p.is_file())
    files = [*platform.log_dir.glob("*.log"), *platform.agent_state_dir.glob("host-*/host.log")]
    logs = "\n".join(p.read_text(errors="replace") for p in files)
    conn = await asyncpg.connect(e2e_database_url)
    try:
        events = await conn.fetchval("SELECT string_agg(data::text || metadata::text, '') FROM streams.events")
        projected = await conn.fetchval("SELECT string_agg(output_settings::text, '') FROM streams.outputs")
    finally:
        await conn.close()
    for place, text in (("disk", disk), ("logs", logs), ("events", events), ("projections", projected)):
        assert PASSWORD not in text and KEY not in text, f"a credential leaked into the {place}"
