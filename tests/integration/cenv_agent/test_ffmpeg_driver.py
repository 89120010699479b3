"""The ffmpeg media driver with real ffmpeg: an H.264 test source pushed into an input comes out of the outputs the
plan feeds from it (SRT, RTMP, RTMPS, UDP RIST) through the input's loopback multicast group, stream copied, with
the statistics its processes report; outputs come and go without stopping their siblings; an input fed to no output
still runs and is measured."""

from __future__ import annotations

import asyncio
import errno
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from cenv_agent.drivers import groups
from cenv_agent.drivers.ffmpeg import FfmpegDriver
from cenv_agent.drivers.groups import Group
from cenv_agent.drivers.plan import Endpoint, Feed, Plan
from tests.support.media import (
    SIZE,
    SOURCE_KBPS,
    Receiver,
    Source,
    TlsTerminator,
    free_port,
    probe,
    self_signed_certificate,
)
from tests.support.waiting import eventually


def srt_listener_input(port: int) -> Endpoint:
    return Endpoint("cam", "srt_listener", 1, {"port": port, "latency": 120})


def output(output_id: str, kind: str, settings: dict[str, Any], secrets: dict[str, str] | None = None) -> Endpoint:
    return Endpoint(output_id, kind, 1, settings, secrets or {})


@pytest.fixture
async def driver() -> AsyncIterator[FfmpegDriver]:
    driver = FfmpegDriver(bind="127.0.0.1")
    yield driver
    await driver.close()


@pytest.fixture
async def srt_source() -> AsyncIterator[tuple[Endpoint, Source]]:
    port = free_port()
    source = Source(f"srt://127.0.0.1:{port}?mode=caller&latency=120000")
    yield srt_listener_input(port), source
    await source.stop()


def is_the_source(stream: dict[str, Any]) -> None:
    assert (stream["codec_name"], stream["width"], stream["height"]) == ("h264", *SIZE), stream


async def test_srt_in_comes_out_of_an_encrypted_srt_listener_output_with_real_statistics(
    driver: FfmpegDriver, srt_source: tuple[Endpoint, Source]
) -> None:
    camera, _ = srt_source
    port, password = free_port(), "a-long-passphrase"
    out = output("out", "srt_listener", {"port": port, "latency": 120, "encryption_type": 2}, {"password": password})
    await driver.realise(Plan({"cam": camera}, {"out": Feed("cam", out)}))

    stream = await probe(f"srt://127.0.0.1:{port}?mode=caller&passphrase={password}&pbkeylen=24")
    is_the_source(stream)

    since = time.time()

    async def measured() -> None:
        sample = driver.sample("input", "cam", time.time(), since, running=True)
        assert sample.connected and sample.packets > 0, sample
        assert 0.5 * SOURCE_KBPS <= sample.bitrate_kbps <= 1.5 * SOURCE_KBPS, sample

    await eventually(measured, within=20)
    assert "password" not in repr(out) and password not in str(driver.outputs["out"][1].process.described)


async def test_srt_in_comes_out_over_rtmp_to_a_local_receiver(
    driver: FfmpegDriver, srt_source: tuple[Endpoint, Source]
) -> None:
    camera, _ = srt_source
    port = free_port()
    url = f"rtmp://127.0.0.1:{port}/live/secret-key"
    receiver = Receiver(url, "-listen", "1", fmt="mpegts")
    try:
        out = output("rtmp", "rtmp", {"url": "rtmp://127.0.0.1/live/********", "reconnect": 1}, {"url": url})
        await driver.realise(Plan({"cam": camera}, {"rtmp": Feed("cam", out)}))

        async def arrived() -> None:
            assert receiver.received > 100_000

        await eventually(arrived, within=30)
        assert "secret-key" not in driver.outputs["rtmp"][1].process.described
        since = time.time()

        async def measured() -> None:  # ffmpeg's progress: the FLV bytes it wrote
            sample = driver.sample("output", "rtmp", time.time(), since, running=True)
            assert sample.connected and 0.5 * SOURCE_KBPS <= sample.bitrate_kbps <= 1.5 * SOURCE_KBPS, sample

        await eventually(measured, within=20)
    finally:
        await receiver.stop()


async def test_srt_in_comes_out_over_rtmps_as_the_sources_h264(
    driver: FfmpegDriver, srt_source: tuple[Endpoint, Source], tmp_path: Path
) -> None:
    camera, _ = srt_source
    tls_port, rtmp_port = free_port(), free_port()
    url = f"rtmps://127.0.0.1:{tls_port}/live/secret-key"
    # ffmpeg cannot listen for RTMPS: the receiver is an RTMP one behind a TLS terminator with a self-signed
    # certificate, which the agent's ffmpeg accepts (it verifies no certificate: tls_verify is 0 by default)
    async with TlsTerminator(tls_port, rtmp_port, *self_signed_certificate(tmp_path)) as terminator:
        out = output("rtmps", "rtmp", {"url": "rtmps://127.0.0.1/live/********", "reconnect": 1}, {"url": url})
        await driver.realise(Plan({"cam": camera}, {"rtmps": Feed("cam", out)}))

        is_the_source(await probe(f"rtmp://127.0.0.1:{rtmp_port}/live/secret-key", "-listen", "1", within=40))
        assert terminator.sessions > 0  # it came over TLS: a plain RTMP push would never reach the receiver
        assert "secret-key" not in driver.outputs["rtmps"][1].process.described


async def test_a_udp_rist_hop_in_and_out(driver: FfmpegDriver) -> None:
    in_port, out_port = free_port(even=True), free_port(even=True)
    source = Source(f"rist://127.0.0.1:{in_port}", "-rist_profile", "simple")
    camera = Endpoint("cam", "rist", 1, {"port": in_port, "max_latency": 500})
    unrealised = {"local_port": free_port(), "fec": 2, "rows_d": 10, "columns_l": 10, "ttl": 16}  # decision 85
    out = output("rist-out", "rist", {"host": "127.0.0.1", "port": out_port, **unrealised})
    try:
        await driver.realise(Plan({"cam": camera}, {"rist-out": Feed("cam", out)}))
        is_the_source(await probe(f"rist://@127.0.0.1:{out_port}", "-rist_profile", "simple"))
        since = time.time()

        async def measured() -> None:  # ffmpeg's progress: the MPEG-TS bytes it sent to the input's group
            sample = driver.sample("input", "cam", time.time(), since, running=True)
            assert sample.connected and 0.5 * SOURCE_KBPS <= sample.bitrate_kbps <= 1.5 * SOURCE_KBPS, sample

        await eventually(measured, within=20)
    finally:
        await source.stop()


async def test_adding_and_removing_a_sibling_output_keeps_the_other_flowing(
    driver: FfmpegDriver, srt_source: tuple[Endpoint, Source]
) -> None:
    camera, _ = srt_source
    first, second = free_port(), free_port()
    one = Feed("cam", output("one", "srt_listener", {"port": first, "latency": 120}))
    two = Feed("cam", output("two", "srt_listener", {"port": second, "latency": 120}))
    await driver.realise(Plan({"cam": camera}, {"one": one}))
    receiver = Receiver(f"srt://127.0.0.1:{first}?mode=caller&latency=120000")
    try:
        await eventually(lambda: _more_than(receiver, 0), within=30)
        pid = driver.outputs["one"][1].process.pid
        await driver.realise(Plan({"cam": camera}, {"one": one, "two": two}))
        is_the_source(await probe(f"srt://127.0.0.1:{second}?mode=caller"))
        await driver.realise(Plan({"cam": camera}, {"one": one}))
        before = receiver.received
        await eventually(lambda: _more_than(receiver, before), within=10)
        assert driver.outputs["one"][1].process.pid == pid and "two" not in driver.outputs
    finally:
        await receiver.stop()


async def _more_than(receiver: Receiver, received: int) -> None:
    assert receiver.received > received, receiver.received


async def test_an_input_feeding_no_output_runs_and_is_measured(
    driver: FfmpegDriver, srt_source: tuple[Endpoint, Source]
) -> None:
    camera, _ = srt_source
    await driver.realise(Plan({"cam": camera}))
    since = time.time()

    async def measured() -> None:  # the group has no member: the kernel drops each datagram at once
        sample = driver.sample("input", "cam", time.time(), since, running=True)
        assert sample.connected and 0.5 * SOURCE_KBPS <= sample.bitrate_kbps <= 1.5 * SOURCE_KBPS, sample

    await eventually(measured, within=20)
    assert list(driver.processes()) == ["input:cam"]


UNDER_UVLOOP = """
import asyncio, sys, time
import uvloop
from cenv_agent.drivers.ffmpeg import FfmpegDriver
from cenv_agent.drivers.plan import Endpoint, Plan

async def main():
    driver, since = FfmpegDriver(bind="127.0.0.1"), time.time()
    await driver.realise(Plan({"cam": Endpoint("cam", "srt_listener", 1, {"port": int(sys.argv[1])})}))
    try:
        while not (sample := driver.sample("input", "cam", time.time(), since, running=True)).connected:
            await asyncio.sleep(0.2)
        print("measured", sample.packets, sample.rtt_ms, flush=True)
    finally:
        await driver.close()

uvloop.install()
asyncio.run(main())
"""


async def test_the_processes_reports_reach_the_meter_under_uvloop_as_agent_hosts_run() -> None:
    # uvloop gives a child sockets for its stdio, which srt-live-transmit's -statsout /dev/stderr could not open
    port = free_port()
    source = Source(f"srt://127.0.0.1:{port}?mode=caller&latency=120000")
    agent = await asyncio.create_subprocess_exec(sys.executable, "-c", UNDER_UVLOOP, str(port),
                                                 stdout=asyncio.subprocess.PIPE)  # fmt: skip
    try:
        said, _ = await asyncio.wait_for(agent.communicate(), 30)
        _, packets, rtt = next(line for line in said.decode().splitlines() if line.startswith("measured ")).split()
        assert int(packets) > 0 and float(rtt) > 0, said
    finally:
        if agent.returncode is None:
            agent.kill()
            await agent.wait()
        await source.stop()


async def test_an_input_whose_group_finds_no_port_starts_at_a_later_tick(
    driver: FfmpegDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    camera = srt_listener_input(free_port())

    def no_port(_: str) -> Group:
        raise OSError(errno.EADDRINUSE, "no port left")

    monkeypatch.setattr(groups, "claim", no_port)
    await driver.realise(Plan({"cam": camera}))
    assert driver.inputs == {}
    monkeypatch.undo()
    await driver.realise(Plan({"cam": camera}))
    assert list(driver.inputs) == ["cam"] and driver.inputs["cam"].group.port > 0
