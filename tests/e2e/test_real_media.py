"""All real, through the gateway, with agents on the ffmpeg media driver (a platform of this module's own): an H.264
test source pushes MPEG-TS over SRT into an SRT-listener input; a schedule starting NOW connects it to an
SRT-listener output; a receiver pulling from that output sees the source's H.264 stream; the input's statistics
read through the gateway show the source's bitrate; when the schedule ends, the output stops."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import psutil
import pytest

from tests.e2e.test_walking_skeleton import state_of
from tests.support import infra
from tests.support.api import Api
from tests.support.environments import known_to_streams
from tests.support.media import SIZE, SOURCE_KBPS, Source, free_port, port_is_free, probe
from tests.support.platform import Platform, start_platform
from tests.support.waiting import eventually

INPUT_PORTS, OUTPUT_PORTS = range(20_000, 21_000), range(21_000, 22_000)  # streams' defaults


@pytest.fixture(scope="module")
async def media_platform(
    servers: infra.Servers, e2e_run_name: str, management_url: str, internal_key: str
) -> AsyncIterator[Platform]:
    name = f"{e2e_run_name}_media"
    async with infra.own_database(servers, name) as database_url, infra.own_vhost(servers, name) as amqp_url:
        workdir = Path(tempfile.mkdtemp(prefix="switchyard-media-"))
        started = start_platform(database_url, amqp_url, management_url, internal_key, workdir,
                                 SWITCHYARD_AGENT_MEDIA_DRIVER="ffmpeg")  # fmt: skip
        try:
            await started.supervisor.wait_ready(90)
            yield started
        finally:
            started.supervisor.stop()


@pytest.fixture(scope="module")
async def api(media_platform: Platform) -> AsyncIterator[Api]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        anonymous = Api(session, media_platform.gateway_url)
        superuser = await anonymous.login(media_platform.admin_email, media_platform.admin_password)
        organisation = (await superuser.post("/api/organisations", {"name": "Real media"})).ok(201)
        switched = await superuser.post("/api/user/managing_organisation", {"organisation_id": organisation["id"]})
        yield superuser.as_(switched.ok()["jwt_token"])


async def test_a_scheduled_feed_really_arrives_with_its_bitrate_and_stops_when_the_schedule_ends(
    media_platform: Platform, api: Api
) -> None:
    environment_id = (await api.post("/api/customer_environment", {"name": "real-media"})).ok(201)["id"]
    await state_of(api, environment_id, "running")
    await known_to_streams(api, environment_id)
    streams = f"/api/customer_environment/{environment_id}"
    in_port, out_port = free_port(within=INPUT_PORTS), free_port(within=OUTPUT_PORTS)
    (await api.post(f"{streams}/inputs/srt_listener", {"id": "cam", "port": in_port, "latency": 120})).ok(201)
    (await api.post(f"{streams}/outputs/srt_listener", {"id": "out", "port": out_port, "latency": 120})).ok(201)
    source = Source(f"srt://127.0.0.1:{in_port}?mode=caller&latency=120000")
    try:
        end = (datetime.now(UTC) + timedelta(minutes=30)).isoformat()
        body = {"input_id": "cam", "output_id": "out", "start_time": "NOW", "end_time": end}

        async def scheduled() -> dict[str, Any]:  # the scheduler learns of the input and output a moment later
            reply = await api.post("/api/schedules", body)
            assert reply.status == 201, reply.body
            return dict(reply.body)

        schedule = await eventually(scheduled, within=20)

        stream = await probe(f"srt://127.0.0.1:{out_port}?mode=caller&latency=120000", within=60)
        assert (stream["codec_name"], stream["width"], stream["height"]) == ("h264", *SIZE), stream

        async def measured() -> dict[str, Any]:
            live: dict[str, Any] = (await api.get(f"{streams}/inputs/cam/statistics")).ok()
            assert live["statistics"]["is_connected"], live
            assert 0.75 * SOURCE_KBPS <= live["statistics"]["net_recv.bitrate"] <= 1.25 * SOURCE_KBPS, live
            return live

        await eventually(measured, within=30)

        soon = (datetime.now(UTC) + timedelta(seconds=3)).isoformat()
        (await api.patch(f"/api/schedules/{schedule['id']}", {"end_time": soon})).ok()

        async def ended() -> None:
            assert port_is_free(out_port)  # the output's ffmpeg, its listener with it, is gone

        await eventually(ended, within=30)
        assert not port_is_free(in_port)  # the input still listens: it is started, only its feed ended
    finally:
        await source.stop()
        await api.delete(f"/api/customer_environment/{environment_id}")


def media_processes(platform: Platform, environment_id: str, naming: str) -> list[psutil.Process]:
    """The agent's ffmpeg processes whose command line names ``naming``."""
    host = platform.agent_pid(environment_id)
    assert host is not None
    return [p for p in psutil.Process(host).children(recursive=True) if naming in " ".join(p.cmdline())]


async def test_a_udp_rist_input_feeds_an_rtmp_output_whose_address_the_agent_fetched(
    media_platform: Platform, api: Api
) -> None:
    environment_id = (await api.post("/api/customer_environment", {"name": "rist-to-rtmp"})).ok(201)["id"]
    await state_of(api, environment_id, "running")
    await known_to_streams(api, environment_id)
    streams = f"/api/customer_environment/{environment_id}"
    in_port, rtmp_port = free_port(even=True, within=INPUT_PORTS), free_port()
    url = f"rtmp://127.0.0.1:{rtmp_port}/live/stream-key"
    (await api.post(f"{streams}/inputs/rist", {"id": "rist-cam", "port": in_port, "max_latency": 500})).ok(201)
    (await api.post(f"{streams}/outputs/rtmp", {"id": "rtmp-out", "url": url, "reconnect": 1})).ok(201)
    source = Source(f"rist://127.0.0.1:{in_port}", "-rist_profile", "simple")
    try:
        end = (datetime.now(UTC) + timedelta(minutes=30)).isoformat()
        body = {"input_id": "rist-cam", "output_id": "rtmp-out", "start_time": "NOW", "end_time": end}

        async def scheduled() -> dict[str, Any]:
            reply = await api.post("/api/schedules", body)
            assert reply.status == 201, reply.body
            return dict(reply.body)

        schedule = await eventually(scheduled, within=20)
        stream = await probe(url, "-listen", "1", within=60)
        assert (stream["codec_name"], stream["width"], stream["height"]) == ("h264", *SIZE), stream
        logged = media_platform.agent_log(environment_id)
        assert "process=output:rtmp-out" in logged or '"process": "output:rtmp-out"' in logged, logged
        assert "stream-key" not in logged

        (await api.delete(f"/api/schedules/{schedule['id']}")).ok(204)  # the entry leaves the agent's set

        async def ended() -> None:
            assert media_processes(media_platform, environment_id, f"rtmp://127.0.0.1:{rtmp_port}") == []
            assert media_processes(media_platform, environment_id, f"rist://@0.0.0.0:{in_port}") != []

        await eventually(ended, within=30)
    finally:
        await source.stop()
        await api.delete(f"/api/customer_environment/{environment_id}")
