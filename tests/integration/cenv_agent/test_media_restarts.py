"""A restart, update or upgrade of the environment stops every media process; the next schedule tick starts them
(decision 61): an agent on the ffmpeg driver, its commands and events on the real broker, feeds two receivers from one
input; after the command is completed none of the media processes it ran before is left, not even in their process
groups, and new ones feed both receivers again."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aio_pika
import psutil
import pytest

from cenv_agent.agent import Agent
from cenv_agent.config import AgentSettings
from cenv_agent.contract.messages import RestartEnvironment, UpdateEnvironment, UpgradeEnvironment
from cenv_agent.contract.schedules import ApplyScheduleSet, ScheduleEntry
from cenv_agent.drivers.ffmpeg import FfmpegDriver
from cenv_agent.endpoints import HeldEndpoint
from common.bus.publisher import to_amqp
from common.bus.topology import CENV_COMMANDS, CENV_EVENTS, declare_exchanges, route
from common.contracts import AgentCommand, envelope_for
from tests.support.bus import tap
from tests.support.media import Counted, Source, free_port, raw_receiver
from tests.support.waiting import eventually

FLOWING_BYTES = 100_000  # 0.8 s of the 1000 kbit/s source: more than any latency buffer could still hold


@pytest.fixture
async def bus(amqp_url: str) -> AsyncIterator[aio_pika.abc.AbstractChannel]:
    async with await aio_pika.connect_robust(amqp_url) as connection:
        channel = await connection.channel()
        await declare_exchanges(channel)
        yield channel


@pytest.fixture
async def agent(
    amqp_url: str, bus: aio_pika.abc.AbstractChannel, tmp_path: Path
) -> AsyncIterator[tuple[Agent, aio_pika.abc.AbstractQueue]]:
    """An agent on the ffmpeg driver, run as by its host; its events copied to the queue beside it."""
    environment_id = uuid.uuid4()
    queue = await bus.declare_queue(f"test-media-restarts-{environment_id}")
    await queue.bind(CENV_COMMANDS, f"{environment_id}.#")
    settings = AgentSettings(environment_id=environment_id, amqp_url=amqp_url, command_queue=queue.name,
                             state_dir=str(tmp_path), media_driver="ffmpeg", media_bind_host="127.0.0.1")  # fmt: skip
    agent = Agent(settings)
    events = await tap(bus, CENV_EVENTS, f"{environment_id}.#")  # before it runs: its events must go somewhere
    running = asyncio.create_task(agent.run())
    try:
        yield agent, events
    finally:
        agent.finished.set()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(running, 30)
        await events.delete(if_unused=False, if_empty=False)
        await queue.delete(if_unused=False, if_empty=False)


def feeding(agent: Agent, in_port: int, out_ports: list[int]) -> None:
    """A started SRT listener input feeding, for the next hour, an SRT caller output calling each of ``out_ports``."""
    agent.state.inputs["cam"] = HeldEndpoint(version=1, kind="srt_listener", settings={"port": in_port, "latency": 120})
    now, entries = datetime.now(UTC), []
    for number, port in enumerate(out_ports):
        calling = {"host": "127.0.0.1", "port": port, "latency": 120}
        agent.state.outputs[f"out-{number}"] = HeldEndpoint(version=1, kind="srt_caller", settings=calling)
        entries.append(ScheduleEntry(schedule_id=uuid.uuid4(), input_id="cam", output_id=f"out-{number}",
                                     start=now - timedelta(seconds=1), end=now + timedelta(hours=1)))  # fmt: skip
    agent.schedules.apply(ApplyScheduleSet(environment_id=agent.environment_id, command_id=uuid.uuid4(), version=1,
                                           entries=entries))  # fmt: skip


def command(kind: str, environment_id: uuid.UUID) -> AgentCommand:
    if kind == "upgrade":
        return UpgradeEnvironment(environment_id=environment_id, command_id=uuid.uuid4(), target_version="9.9.9")
    model = {"restart": RestartEnvironment, "update": UpdateEnvironment}[kind]
    return model(environment_id=environment_id, command_id=uuid.uuid4())


async def completed(events: aio_pika.abc.AbstractQueue, command_id: uuid.UUID) -> dict[str, Any]:
    while True:
        message = await events.get(fail=False, no_ack=True)
        if message is None:
            await asyncio.sleep(0.05)
            continue
        envelope = json.loads(message.body)
        if envelope["type"] == "cenv.CommandCompleted" and envelope["payload"]["command_id"] == str(command_id):
            return dict(envelope["payload"])


def left_of(groups: set[int]) -> list[psutil.Process]:
    """The living processes in any of ``groups`` (each media process leads its own)."""
    left = []
    for process in psutil.process_iter():
        with contextlib.suppress(psutil.Error, ProcessLookupError):
            if os.getpgid(process.pid) in groups and process.status() != psutil.STATUS_ZOMBIE:
                left.append(process)
    return left


@pytest.mark.parametrize("kind", ["restart", "update", "upgrade"])
async def test_a_restart_update_or_upgrade_stops_every_media_process_and_the_next_tick_starts_them_again(
    agent: tuple[Agent, aio_pika.abc.AbstractQueue], bus: aio_pika.abc.AbstractChannel, kind: str
) -> None:
    running, events = agent
    in_port, out_ports = free_port(), [free_port(), free_port()]
    source = Source(f"srt://127.0.0.1:{in_port}?mode=caller&latency=120000")
    receivers = [raw_receiver(port) for port in out_ports]
    try:
        feeding(running, in_port, out_ports)
        await eventually(lambda: _each_more_than(receivers, [FLOWING_BYTES] * 2), within=30)
        before = await eventually(lambda: _all_three(running), within=10)

        sent = command(kind, running.environment_id)
        exchange, key = route(sent)
        envelope = envelope_for(sent, producer="environments", correlation_id=str(uuid.uuid4()))
        await (await bus.get_exchange(exchange, ensure=False)).publish(to_amqp(envelope), key)
        done = await asyncio.wait_for(completed(events, sent.command_id), 30)

        assert left_of(before) == []  # none of them, nor anything they started, outlived the command
        assert done["media_state"] == "running"
        if kind == "upgrade":
            assert done["version"] == "9.9.9"
        after = await eventually(lambda: _all_three(running), within=10)
        assert not after & before
        flowed = [receiver.received + FLOWING_BYTES for receiver in receivers]
        await eventually(lambda: _each_more_than(receivers, flowed), within=30)
    finally:
        for receiver in receivers:
            await receiver.stop()
        await source.stop()


async def _each_more_than(receivers: list[Counted], received: list[int]) -> None:
    assert all(r.received > least for r, least in zip(receivers, received, strict=True)), [
        r.received for r in receivers
    ]


async def _all_three(agent: Agent) -> set[int]:
    pids = set(agent.driver.pids())
    native = isinstance(agent.driver, FfmpegDriver) and agent.driver.srt_fanout
    assert len(pids) == (1 if native else 3), pids  # the input's process and each output's, or one native fan-out
    return pids
