"""Figures 11-14, the ffmpeg media driver with real ffmpeg on this machine (no platform: the agent's own schedule
tick and driver):

- a schedule entry starting now → the first byte at a receiver the output calls, against a bare ffmpeg relay
  started → its first byte at the same kind of receiver;
- the longest gap a receiver of one output sees while a sibling output is added, and removed, against the longest
  gap in a window where nothing changes;
- the CPU of the agent (its process and its media processes: one native fan-out for SRT, decision 91) relaying one
  5 Mbit/s stream, against a bare ffmpeg relay of the same stream (and, for the floor, a bare srt-live-transmit relay);
- start/stop cycles: processes and file descriptors left behind (none).
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

import psutil

from bench.table import Figure, Target, compared, say
from cenv_agent import loops
from cenv_agent.agent import Agent
from cenv_agent.config import AgentSettings
from cenv_agent.contract.schedules import ApplyScheduleSet, ScheduleEntry
from cenv_agent.drivers.ffmpeg import FfmpegDriver
from cenv_agent.drivers.plan import Endpoint, Feed, Plan
from cenv_agent.endpoints import HeldEndpoint
from tests.support.media import QUIET, Counted, Kept, Source, free_port, raw_receiver

ENV = uuid.UUID(int=11)
WINDOW_SECONDS = 3.0
CPU_SECONDS = 10.0
SRT = "latency=120000"
MEDIA_PROGRAMS = ("ffmpeg", "srt-live-transmit", "switchyard-srt-fanout")


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[-1] if len(values) > 1 else values[0]


async def first_byte(receiver: Counted, since: float, within: float = 30) -> float:
    while not [t for t, _ in receiver.arrivals if t >= since]:
        if time.monotonic() - since > within:
            raise TimeoutError("no byte at the receiver")
        await asyncio.sleep(0.005)
    return min(t for t, _ in receiver.arrivals if t >= since) - since


@contextlib.asynccontextmanager
async def agent_with_input(directory: str) -> AsyncIterator[tuple[Agent, Source]]:
    settings = AgentSettings(environment_id=ENV, amqp_url="amqp://nobody@127.0.0.1:1/", command_queue="none",
                             state_dir=directory, media_driver="ffmpeg", media_bind_host="127.0.0.1")  # fmt: skip
    agent, port = Agent(settings), free_port()
    agent.state.inputs["cam"] = HeldEndpoint(version=1, kind="srt_listener", settings={"port": port, "latency": 120})
    source = Source(f"srt://127.0.0.1:{port}?mode=caller&{SRT}")
    ticking = asyncio.create_task(loops.run_schedules(agent))
    try:
        yield agent, source
    finally:
        ticking.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await ticking
        await agent.driver.close()
        await source.stop()


def schedule(agent: Agent, version: int, output_id: str | None) -> None:
    now = datetime.now(UTC)
    entries = [] if output_id is None else [
        ScheduleEntry(schedule_id=uuid.UUID(int=version), input_id="cam", output_id=output_id, start=now,
                      end=now + timedelta(hours=1))]  # fmt: skip
    agent.schedules.apply(ApplyScheduleSet(environment_id=ENV, command_id=uuid.uuid4(), version=version,
                                           entries=entries))  # fmt: skip


async def scheduled_starts(runs: int) -> list[float]:
    with tempfile.TemporaryDirectory() as directory:
        async with agent_with_input(directory) as (agent, _):
            schedule(agent, 1, None)
            await asyncio.sleep(2)  # the source connected to the running input
            took = []
            for run in range(runs):
                port = free_port()
                agent.state.outputs["out"] = HeldEndpoint(
                    version=run + 1, kind="srt_caller", settings={"host": "127.0.0.1", "port": port, "latency": 120}
                )
                receiver = raw_receiver(port)
                await asyncio.sleep(0.3)  # the receiver listens
                started = time.monotonic()
                schedule(agent, 2 * run + 2, "out")
                took.append(await first_byte(receiver, started))
                schedule(agent, 2 * run + 3, None)
                await receiver.stop()
            return took


async def bare_starts(runs: int) -> list[float]:
    took = []
    for _ in range(runs):
        in_port, out_port = free_port(), free_port()
        source = Source(f"srt://127.0.0.1:{in_port}?mode=caller&{SRT}")
        receiver = raw_receiver(out_port)
        await asyncio.sleep(0.3)
        started = time.monotonic()
        relay = Kept(["ffmpeg", *QUIET, "-i", f"srt://127.0.0.1:{in_port}?mode=listener&{SRT}", "-c", "copy",
                      "-f", "mpegts", f"srt://127.0.0.1:{out_port}?mode=caller&{SRT}"])  # fmt: skip
        took.append(await first_byte(receiver, started))
        for kept in (relay, receiver, source):
            await kept.stop()
    return took


async def start_figures(runs: int) -> list[Figure]:
    bare, scheduled = await bare_starts(runs), await scheduled_starts(runs)
    say(f"first byte at the receiver, {runs} runs: bare ffmpeg relay started median {statistics.median(bare):.3f} s "
        f"p99 {p99(bare):.3f} s; schedule start median {statistics.median(scheduled):.3f} s "
        f"p99 {p99(scheduled):.3f} s")  # fmt: skip
    return [
        compared("schedule start → first byte at receiver (p50), vs bare ffmpeg relay start", "s",
                 [statistics.median(bare)], [statistics.median(scheduled)], Target(at_most=2)),
        compared("schedule start → first byte at receiver (p99), vs bare ffmpeg relay start", "s", [p99(bare)],
                 [p99(scheduled)], Target(at_most=4)),
    ]  # fmt: skip


async def sibling_gaps(rounds: int) -> tuple[list[float], list[float], list[float]]:
    driver = FfmpegDriver(bind="127.0.0.1")
    port, first, second = free_port(), free_port(), free_port()
    camera = Endpoint("cam", "srt_listener", 1, {"port": port, "latency": 120})
    one = Feed("cam", Endpoint("one", "srt_caller", 1, {"host": "127.0.0.1", "port": first, "latency": 120}))
    two = Feed("cam", Endpoint("two", "srt_caller", 1, {"host": "127.0.0.1", "port": second, "latency": 120}))
    source = Source(f"srt://127.0.0.1:{port}?mode=caller&{SRT}")
    receiver, sibling = raw_receiver(first), raw_receiver(second)
    quiet, added, removed = [], [], []
    try:
        await driver.realise(Plan({"cam": camera}, {"one": one}))
        await first_byte(receiver, time.monotonic())
        await asyncio.sleep(2)
        for _ in range(rounds):
            for gaps, plan in ((quiet, {"one": one}), (added, {"one": one, "two": two}), (removed, {"one": one})):
                since = time.monotonic()
                await driver.realise(Plan({"cam": camera}, plan))
                await asyncio.sleep(WINDOW_SECONDS)
                gaps.append(receiver.longest_gap(since))
    finally:
        await driver.close()
        for kept in (receiver, sibling, source):
            await kept.stop()
    return quiet, added, removed


async def gap_figures(rounds: int) -> list[Figure]:
    quiet, added, removed = await sibling_gaps(rounds)
    say(
        f"longest gap at a receiver over {WINDOW_SECONDS:g} s windows ({rounds} rounds): nothing changes "
        f"{max(quiet):.3f} s, a sibling added {max(added):.3f} s, a sibling removed {max(removed):.3f} s"
    )
    return [
        compared("longest receiver gap, a sibling output added, vs nothing changed", "s", quiet, added,
                 Target(at_most=0.5)),
        compared("longest receiver gap, a sibling output removed, vs nothing changed", "s", quiet, removed,
                 Target(at_most=0.5)),
    ]  # fmt: skip


def cpu_of(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        with contextlib.suppress(psutil.NoSuchProcess):
            times = psutil.Process(pid).cpu_times()
            total += times.user + times.system
    return total


Relay = Literal["ffmpeg", "srt-live-transmit", "agent"]


async def relayed_cpu(relay_by: Relay) -> dict[str, float]:
    """CPU seconds per second of relaying one 5 Mbit/s stream, SRT in to SRT out: by a bare ffmpeg, by a bare
    srt-live-transmit (what the agent's SRT processes cost at the least), or by the agent (its input process, its
    output process, and its own Python: no media byte since decision 84, only the processes' reports)."""
    port, out_port = free_port(), free_port()
    rate = ["-b:v", "5000k", "-minrate", "5000k", "-maxrate", "5000k", "-bufsize", "2500k"]  # CBR: filler NAL units
    source = Source(f"srt://127.0.0.1:{port}?mode=caller&{SRT}", *rate)
    receiver = Kept(["ffmpeg", *QUIET, "-i", f"srt://127.0.0.1:{out_port}?mode=listener&{SRT}", "-c", "copy",
                     "-f", "mpegts", "-y", "/dev/null"])  # fmt: skip
    driver, relay = FfmpegDriver(bind="127.0.0.1"), None
    try:
        if relay_by == "ffmpeg":
            relay = Kept(["ffmpeg", *QUIET, "-i", f"srt://127.0.0.1:{port}?mode=listener&{SRT}", "-c", "copy",
                          "-f", "mpegts", f"srt://127.0.0.1:{out_port}?mode=caller&{SRT}"])  # fmt: skip
        elif relay_by == "srt-live-transmit":
            relay = Kept(["srt-live-transmit", "-q", f"srt://127.0.0.1:{port}?mode=listener&latency=120",
                          f"srt://127.0.0.1:{out_port}?mode=caller&latency=120"])  # fmt: skip
        else:
            camera = Endpoint("cam", "srt_listener", 1, {"port": port, "latency": 120})
            out = Feed("cam", Endpoint("out", "srt_caller", 1, {"host": "127.0.0.1", "port": out_port,
                                                                "latency": 120}))  # fmt: skip
            await driver.realise(Plan({"cam": camera}, {"out": out}))
        await asyncio.sleep(3)  # connected and steady
        parts = {"relay": relay.process.pid} if relay and relay.process else processes_of(driver)
        before, started = {name: cpu_of([pid]) for name, pid in parts.items() if pid}, time.monotonic()
        await asyncio.sleep(CPU_SECONDS)
        after = {name: cpu_of([pid]) for name, pid in parts.items() if pid}
        return {name: (after[name] - before[name]) / (time.monotonic() - started) for name in before}
    finally:
        await driver.close()
        for kept in (relay, receiver, source):
            if kept is not None:
                await kept.stop()


def processes_of(driver: FfmpegDriver) -> dict[str, int | None]:
    """The agent's processes relaying "cam" to "out": one native fan-out (decision 91), or an input's and an
    output's; and the agent's own."""
    carried, output = driver.inputs["cam"].process.pid, driver.outputs["out"][1].process.pid
    ours = {"fanout": carried} if output == carried else {"input": carried, "output": output}
    return {**ours, "agent": psutil.Process().pid}


async def cpu_figures(rounds: int) -> list[Figure]:
    bare, floor, agent, parts = [], [], [], []
    for _ in range(rounds):
        bare.append(sum((await relayed_cpu("ffmpeg")).values()))
        floor.append(sum((await relayed_cpu("srt-live-transmit")).values()))
        parts.append(await relayed_cpu("agent"))
        agent.append(sum(parts[-1].values()))
    split = "; ".join(", ".join(f"{name} {cpu:.3f}" for name, cpu in part.items()) for part in parts)
    say(
        f"CPU s/s relaying 5 Mbit/s ({rounds} rounds of {CPU_SECONDS:g} s): bare ffmpeg "
        f"{', '.join(f'{b:.3f}' for b in bare)}; bare srt-live-transmit {', '.join(f'{f:.3f}' for f in floor)}; "
        f"agent {', '.join(f'{a:.3f}' for a in agent)} ({split})"
    )
    # a ratio per round: the agent and the bare relay ran side by side there, where medians over rounds pair a quiet
    # round's agent with a busy round's relay
    return [compared("agent CPU per 5 Mbit/s stream relayed, vs bare ffmpeg relay", "CPU s/s", bare, agent,
                     Target(ratio_at_most=1.1))]  # fmt: skip


async def running(driver: FfmpegDriver, processes: int) -> None:
    while len(driver.pids()) < processes:  # noqa: ASYNC110 (a process's start is no event of ours)
        await asyncio.sleep(0.01)


async def cycle_figures(cycles: int) -> list[Figure]:
    me, driver = psutil.Process(), FfmpegDriver(bind="127.0.0.1")
    camera = Endpoint("cam", "srt_listener", 1, {"port": free_port(), "latency": 120})
    out = Feed("cam", Endpoint("out", "srt_listener", 1, {"port": free_port(), "latency": 120}))
    files, started = me.num_fds(), time.monotonic()
    for _ in range(cycles):
        await driver.realise(Plan({"cam": camera}, {"out": out}))
        await running(driver, 1 if driver.srt_fanout else 2)
        await driver.realise(Plan())
    left = len([p for p in me.children(recursive=True) if Path(p.cmdline()[0]).name in MEDIA_PROGRAMS])
    say(
        f"{cycles} start/stop cycles in {time.monotonic() - started:.0f} s: {left} media processes left, "
        f"file descriptors {files} → {me.num_fds()}"
    )
    return [compared(f"file descriptors after {cycles} media start/stop cycles, vs before", "fds", [files],
                     [me.num_fds() + left], Target(at_most=files))]  # fmt: skip


async def figures(runs: int, cycles: int) -> list[Figure]:
    return [*await start_figures(runs), *await gap_figures(max(3, runs // 4)), *await cpu_figures(max(3, runs // 4)),
            *await cycle_figures(cycles)]  # fmt: skip
