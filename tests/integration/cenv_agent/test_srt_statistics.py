"""libsrt's statistics through the native fan-out (decision 91) and through srt-live-transmit (decision 80), where
the machine has no fan-out program: an SRT hop with a known round trip (a UDP hop
delaying each datagram 20 ms each way) and a known loss (one media datagram in 50) shows in the input's and the
output's samples as an RTT of about 40 ms and a loss of about 2 %, with the bitrate still measured by the agent."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import pytest

from cenv_agent.contract.messages import EndpointStatistics, Side
from cenv_agent.drivers.ffmpeg import SRT_FANOUT, SRT_TRANSMIT, FfmpegDriver
from cenv_agent.drivers.plan import Endpoint, Feed, Plan
from tests.support.media import SOURCE_KBPS, DelayingHop, Receiver, Source, free_port
from tests.support.waiting import eventually

DELAY = 0.02  # each way
LOSE_EVERY = 50


@pytest.fixture(params=["native", "srt-live-transmit"])
async def driver(request: pytest.FixtureRequest) -> AsyncIterator[FfmpegDriver]:
    assert SRT_TRANSMIT is not None, "srt-live-transmit is installed with the media tools (make test sets it up)"
    assert SRT_FANOUT is not None, "switchyard-srt-fanout is built by make tools (make test does it)"
    driver = FfmpegDriver(bind="127.0.0.1", srt_fanout=SRT_FANOUT if request.param == "native" else None)
    yield driver
    await driver.close()


def is_plausible(sample: EndpointStatistics) -> None:
    assert sample.connected and 2 * DELAY * 1000 * 0.8 <= sample.rtt_ms <= 2 * DELAY * 1000 + 150, sample
    share = 100_000 // LOSE_EVERY
    assert share // 2 <= sample.loss_millipercent <= share * 2, sample  # an output: what it sent again (decision 80)
    assert sample.jitter_ms == 0 and sample.dropped >= 0, sample  # libsrt reports no jitter


async def test_an_srt_hop_with_a_known_round_trip_and_loss_shows_in_rtt_and_loss(driver: FfmpegDriver) -> None:
    in_port, hop_in, out_port, hop_out = free_port(), free_port(), free_port(), free_port()
    incoming = await DelayingHop.open(hop_in, in_port, DELAY, LOSE_EVERY)
    outgoing = await DelayingHop.open(hop_out, out_port, DELAY, LOSE_EVERY)
    source = Source(f"srt://127.0.0.1:{hop_in}?mode=caller&latency=400000")
    receiver = Receiver(f"srt://127.0.0.1:{hop_out}?mode=caller&latency=400000")
    camera = Endpoint("cam", "srt_listener", 1, {"port": in_port, "latency": 400})
    out = Endpoint("out", "srt_listener", 1, {"port": out_port, "latency": 400})
    try:
        await driver.realise(Plan({"cam": camera}, {"out": Feed("cam", out)}))
        assert {driver.inputs["cam"].process.command(0)[0], driver.outputs["out"][1].process.command(0)[0]} == {
            driver.srt_fanout or SRT_TRANSMIT
        }
        since = time.time()

        async def measured(side: Side, endpoint_id: str) -> None:
            sample = driver.sample(side, endpoint_id, time.time(), since, running=True)
            is_plausible(sample)
            assert 0.5 * SOURCE_KBPS <= sample.bitrate_kbps <= 1.5 * SOURCE_KBPS, sample

        await eventually(lambda: measured("input", "cam"), within=30)
        await eventually(lambda: measured("output", "out"), within=30)
        assert incoming.lost > 0 and outgoing.lost > 0

        async def received() -> None:
            assert receiver.received > 0

        await eventually(received, within=30)  # what went out, losses and all, is the stream
    finally:
        for kept in (receiver, source):
            await kept.stop()
        incoming.close()
        outgoing.close()
