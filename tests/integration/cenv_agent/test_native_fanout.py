"""The native SRT fan-out (decision 91): one switchyard-srt-fanout process carries an SRT input to its SRT outputs;
siblings come and go by its stdin without a restart; each endpoint gets its own libsrt statistics; an encrypted
input's passphrase never sits in argv; its peers may leave and come back; it sends to the input's multicast group
only while an ffmpeg output reads it; it ends with its stdin or on SIGTERM."""

from __future__ import annotations

import asyncio
import signal
import socket
import struct
import time
from collections.abc import AsyncIterator, Callable

import psutil
import pytest

from cenv_agent.drivers.ffmpeg import SRT_FANOUT, FfmpegDriver
from cenv_agent.drivers.native import NativeInput
from cenv_agent.drivers.plan import Endpoint, Feed, Plan
from tests.support.media import SIZE, SOURCE_KBPS, Counted, Source, free_port, probe, raw_receiver
from tests.support.waiting import eventually


@pytest.fixture
async def driver() -> AsyncIterator[FfmpegDriver]:
    assert SRT_FANOUT is not None, "make tools builds switchyard-srt-fanout (make test does)"
    driver = FfmpegDriver(bind="127.0.0.1", srt_fanout=SRT_FANOUT)
    yield driver
    await driver.close()


def camera(port: int, **settings: object) -> Endpoint:
    return Endpoint("cam", "srt_listener", 1, {"port": port, "latency": 120, **settings})


def calling(output_id: str, port: int) -> Feed:
    return Feed("cam", Endpoint(output_id, "srt_caller", 1, {"host": "127.0.0.1", "port": port, "latency": 120}))


def listening(output_id: str, port: int) -> Feed:
    return Feed("cam", Endpoint(output_id, "srt_listener", 1, {"port": port, "latency": 120}))


async def more_than(receiver: Counted, received: int) -> None:
    assert receiver.received > received, receiver.received


def the_source(stream: dict[str, object]) -> None:
    assert (stream["codec_name"], stream["width"], stream["height"]) == ("h264", *SIZE), stream


async def test_one_process_carries_an_srt_input_to_a_listener_and_a_caller_output(driver: FfmpegDriver) -> None:
    port, listener_port, caller_port = free_port(), free_port(), free_port()
    source, receiver = Source(f"srt://127.0.0.1:{port}?mode=caller&latency=120000"), raw_receiver(caller_port)
    try:
        plan = Plan({"cam": camera(port)}, {"one": listening("one", listener_port), "two": calling("two", caller_port)})
        await driver.realise(plan)
        the_source(await probe(f"srt://127.0.0.1:{listener_port}?mode=caller"))
        await eventually(lambda: more_than(receiver, 0), within=20)
        [pid] = driver.pids()
        assert psutil.Process(pid).cmdline() == [SRT_FANOUT]
    finally:
        for kept in (receiver, source):
            await kept.stop()


async def test_a_sibling_added_and_removed_restarts_nothing_and_the_other_keeps_receiving(
    driver: FfmpegDriver, record_property: Callable[[str, object], None]
) -> None:
    port, first, second = free_port(), free_port(), free_port()
    source = Source(f"srt://127.0.0.1:{port}?mode=caller&latency=120000")
    receiver, sibling = raw_receiver(first), raw_receiver(second)
    try:
        await driver.realise(Plan({"cam": camera(port)}, {"one": calling("one", first)}))
        await eventually(lambda: more_than(receiver, 0), within=20)
        [pid] = driver.pids()
        since = time.monotonic()
        await driver.realise(Plan({"cam": camera(port)}, {"one": calling("one", first), "two": calling("two", second)}))
        await eventually(lambda: more_than(sibling, 0), within=20)
        during = receiver.received
        await driver.realise(Plan({"cam": camera(port)}, {"one": calling("one", first)}))
        await asyncio.sleep(1)
        assert driver.pids() == [pid] and receiver.received > during
        left = sibling.received
        await asyncio.sleep(1)
        assert sibling.received == left  # the removed output sends no more
        record_property("longest_gap_seconds", round(receiver.longest_gap(since), 3))  # figure 12 measures it
    finally:
        for kept in (receiver, sibling, source):
            await kept.stop()


async def test_the_first_output_removed_leaves_the_later_ones_carried_and_its_place_is_taken_again(
    driver: FfmpegDriver,
) -> None:
    port, ports = free_port(), {name: free_port() for name in ("one", "two", "three")}
    source = Source(f"srt://127.0.0.1:{port}?mode=caller&latency=120000")
    receivers = {name: raw_receiver(p) for name, p in ports.items()}

    async def carried(*wanted: str) -> None:
        await driver.realise(Plan({"cam": camera(port)}, {name: calling(name, ports[name]) for name in wanted}))
        counts = {name: receivers[name].received for name in wanted}
        for name, count in counts.items():
            await eventually(lambda r=receivers[name], c=count: more_than(r, c), within=20)

    try:
        await carried("one", "two")
        await carried("two")  # the first place is free, the second still in use
        await carried("two", "three")
        assert len(driver.pids()) == 1
    finally:
        for kept in (*receivers.values(), source):
            await kept.stop()


async def test_each_endpoint_gets_its_own_libsrt_statistics(driver: FfmpegDriver) -> None:
    port, reached, unreached = free_port(), free_port(), free_port()
    source, receiver = Source(f"srt://127.0.0.1:{port}?mode=caller&latency=120000"), raw_receiver(reached)
    try:
        await driver.realise(Plan({"cam": camera(port)}, {"one": calling("one", reached),
                                                           "two": calling("two", unreached)}))  # fmt: skip
        since = time.time()

        async def measured() -> None:
            for side, endpoint_id in (("input", "cam"), ("output", "one")):
                sample = driver.sample(side, endpoint_id, time.time(), since, running=True)  # type: ignore[arg-type]
                assert sample.connected and sample.rtt_ms > 0 and sample.packets > 0, (endpoint_id, sample)
                assert 0.5 * SOURCE_KBPS <= sample.bitrate_kbps <= 1.5 * SOURCE_KBPS, (endpoint_id, sample)

        await eventually(measured, within=20)
        nobody = driver.sample("output", "two", time.time(), since, running=True)
        assert not nobody.connected and nobody.packets == 0 and nobody.bitrate_kbps == 0, nobody
    finally:
        for kept in (receiver, source):
            await kept.stop()


async def test_an_encrypted_input_is_carried_and_its_passphrase_is_never_in_argv(driver: FfmpegDriver) -> None:
    port, out_port, password = free_port(), free_port(), "a pass&phrase #with=odd%20chars"
    source = Source(f"srt://127.0.0.1:{port}?mode=caller&latency=120000", "-passphrase", password, "-pbkeylen", "32")
    encrypted = Endpoint("cam", "srt_listener", 1, {"port": port, "latency": 120, "encryption_type": 3},
                         {"password": password})  # fmt: skip
    try:
        await driver.realise(Plan({"cam": encrypted}, {"out": listening("out", out_port)}))
        the_source(await probe(f"srt://127.0.0.1:{out_port}?mode=caller"))
        [pid] = driver.pids()
        assert password not in " ".join(psutil.Process(pid).cmdline())
        assert password not in driver.inputs["cam"].process.described
    finally:
        await source.stop()


async def test_a_source_and_a_receiver_that_leave_are_carried_again_when_they_come_back(driver: FfmpegDriver) -> None:
    port, out_port = free_port(), free_port()
    source, receiver = Source(f"srt://127.0.0.1:{port}?mode=caller&latency=120000"), raw_receiver(out_port)
    try:
        await driver.realise(Plan({"cam": camera(port)}, {"out": calling("out", out_port)}))
        await eventually(lambda: more_than(receiver, 0), within=20)
        [pid] = driver.pids()
        await source.stop()  # the listener input waits for the next caller
        source = Source(f"srt://127.0.0.1:{port}?mode=caller&latency=120000")
        got = receiver.received
        await eventually(lambda: more_than(receiver, got), within=20)
        await receiver.stop()  # the caller output calls again, with back-off, until it answers
        receiver = raw_receiver(out_port)
        await eventually(lambda: more_than(receiver, 0), within=30)
        assert driver.pids() == [pid]
    finally:
        for kept in (receiver, source):
            await kept.stop()


def joined(address: str, port: int) -> socket.socket:
    member = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    member.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    member.bind((address, port))
    member.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                      struct.pack("4s4s", socket.inet_aton(address), socket.inet_aton("127.0.0.1")))  # fmt: skip
    member.setblocking(False)
    return member


def datagrams(member: socket.socket) -> int:
    count = 0
    while True:
        try:
            member.recv(2048)
        except BlockingIOError:
            return count
        count += 1


async def test_the_group_is_sent_to_only_while_an_ffmpeg_output_reads_it(driver: FfmpegDriver) -> None:
    port, srt_port, rist_port = free_port(), free_port(), free_port(even=True)
    source, receiver = Source(f"srt://127.0.0.1:{port}?mode=caller&latency=120000"), raw_receiver(srt_port)
    rist = Feed("cam", Endpoint("rist", "rist", 1, {"host": "127.0.0.1", "port": rist_port}))
    try:
        await driver.realise(Plan({"cam": camera(port)}, {"srt": calling("srt", srt_port)}))
        carried = driver.inputs["cam"]
        assert isinstance(carried, NativeInput)
        member = joined(carried.group.address, carried.group.port)
        await eventually(lambda: more_than(receiver, 0), within=20)
        datagrams(member)
        await asyncio.sleep(1)
        assert datagrams(member) == 0  # only SRT outputs: nothing is sent to the group
        await driver.realise(Plan({"cam": camera(port)}, {"srt": calling("srt", srt_port), "rist": rist}))
        await asyncio.sleep(1)
        assert datagrams(member) > 0
        await driver.realise(Plan({"cam": camera(port)}, {"srt": calling("srt", srt_port)}))
        await asyncio.sleep(0.5)
        datagrams(member)
        await asyncio.sleep(1)
        assert datagrams(member) == 0
        member.close()
    finally:
        for kept in (receiver, source):
            await kept.stop()


@pytest.mark.parametrize("ended_by", ["stdin", "SIGTERM"])
async def test_the_program_ends_cleanly_with_its_stdin_or_on_sigterm(ended_by: str) -> None:
    assert SRT_FANOUT is not None
    port = free_port()
    program = await asyncio.create_subprocess_exec(SRT_FANOUT, stdin=asyncio.subprocess.PIPE)
    assert program.stdin is not None
    program.stdin.write(f"input cam mode=listener host=127.0.0.1 port={port} latency=120\n".encode())
    await program.stdin.drain()
    await asyncio.sleep(0.3)
    assert program.returncode is None
    if ended_by == "stdin":
        program.stdin.close()
    else:
        program.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(program.wait(), 5) == 0


async def test_closing_the_driver_leaves_no_process(driver: FfmpegDriver) -> None:
    await driver.realise(Plan({"cam": camera(free_port())}, {"out": listening("out", free_port())}))
    [pid] = await eventually(lambda: _one(driver), within=10)
    await driver.close()
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


async def _one(driver: FfmpegDriver) -> list[int]:
    pids = driver.pids()
    assert len(pids) == 1, pids
    return pids
