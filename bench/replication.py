"""Figures 23-24 (P12): a schedule created through the gateway until the c_env's agent holds the new full set, on an
idle platform and while many c_envs receive changes at once, against the bare POST's round trip in the same run.

A change starts just before its POST /api/schedules and ends when the agent's answer (``cenv.ScheduleSetApplied``)
of a version newer than the one it held before is seen on the bus, on a queue of our own bound to every agent's
answers. Changes to one c_env less than the relay's cooling (``common.outbox``, 0.25 s) apart are a burst and
coalesce by design (figure 19), so a c_env's changes are spaced by ``PAUSE_SECONDS``: this measures a change, not a
burst.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import count

import aio_pika
import psutil
from aio_pika.abc import AbstractIncomingMessage

from bench.pushes import held, known
from bench.stage import Stage, create_and_wait
from bench.table import Figure, Target, compared, say
from common.bus.topology import CENV_COMMANDS, CENV_EVENTS
from tests.support.api import Api
from tests.support.bus import tap

NAMES = ("replication",)
PAUSE_SECONDS = 0.3  # above the relay's cooling of 0.25 s
LIMIT_SECONDS = 60
_minutes = count(10)


class Answers:
    """The newest version each agent said it holds, and the moment each newer one was seen."""

    def __init__(self) -> None:
        self.held: dict[str, int] = {}
        self.pushed: dict[tuple[str, int], float] = {}  # when each set was seen on its way to the agent
        self._waiting: dict[str, tuple[int, asyncio.Future[tuple[float, int]]]] = {}

    def after(self, environment_id: str) -> asyncio.Future[tuple[float, int]]:
        """When the agent answers with a version newer than the one it holds now (set before the change)."""
        future = asyncio.get_running_loop().create_future()
        self._waiting[environment_id] = (self.held.get(environment_id, 0), future)
        return future

    async def on_push(self, message: AbstractIncomingMessage) -> None:
        payload = json.loads(message.body)["payload"]
        self.pushed[str(payload["environment_id"]), int(payload["version"])] = time.monotonic()

    async def on_answer(self, message: AbstractIncomingMessage) -> None:
        seen = time.monotonic()
        payload = json.loads(message.body)["payload"]
        environment_id, version = str(payload["environment_id"]), int(payload["version"])
        self.held[environment_id] = max(version, self.held.get(environment_id, 0))
        waiting = self._waiting.get(environment_id)
        if waiting is not None and version > waiting[0] and not waiting[1].done():
            waiting[1].set_result((seen, version))
            del self._waiting[environment_id]


def _window(endpoint: str) -> dict[str, str]:
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2, minutes=next(_minutes))
    return {"input_id": f"{endpoint}-in", "output_id": f"{endpoint}-out", "start_time": start.isoformat(),
            "end_time": (start + timedelta(minutes=1)).isoformat()}  # fmt: skip


async def _prepared(admin: Api, environment_id: str, endpoint: str) -> int:
    """An input and an output the scheduler knows of, and the set version the agent holds then."""
    base, started = f"/api/customer_environment/{environment_id}", time.monotonic()
    (await admin.post(f"{base}/inputs/srt_listener", {"id": f"{endpoint}-in"})).ok(201)
    (await admin.post(f"{base}/outputs/srt_listener", {"id": f"{endpoint}-out"})).ok(201)
    await known(admin, started, _window(endpoint))
    return await held(admin, environment_id, started)


@dataclass(frozen=True)
class Change:
    """Seconds from just before the POST until: its reply, the set seen on its way to the agent, the agent's answer."""

    replied: float
    pushed: float
    held: float


async def _change(admin: Api, answers: Answers, environment_id: str, endpoint: str) -> Change:
    answered = answers.after(environment_id)
    started = time.monotonic()
    (await admin.post("/api/schedules", _window(endpoint))).ok(201)
    replied = time.monotonic()
    seen, version = await asyncio.wait_for(answered, LIMIT_SECONDS)
    pushed = answers.pushed.get((environment_id, version), seen)
    return Change(replied - started, pushed - started, seen - started)


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[-1] if len(values) > 1 else values[0]


def _ms(values: list[float]) -> str:
    ms = [1000 * v for v in values]
    return f"p50 {statistics.median(ms):.1f} ms, p99 {p99(ms):.1f} ms, max {max(ms):.1f} ms"


def _pair(title: str, changes: list[Change]) -> list[Figure]:
    replied, held = [1000 * c.replied for c in changes], [1000 * c.held for c in changes]
    say(f"  {title}, {len(changes)} changes: POST round trip {_ms([c.replied for c in changes])}")
    say(f"    reply → set on the bus {_ms([c.pushed - c.replied for c in changes])}; set on the bus → agent's "
        f"answer {_ms([c.held - c.pushed for c in changes])}")  # fmt: skip
    say(f"    change → agent holds the set {_ms([c.held for c in changes])}; from the POST's reply "
        f"{_ms([c.held - c.replied for c in changes])}")  # fmt: skip
    return [
        compared(f"{title}: change → agent holds the set (p50), vs the POST", "ms", [statistics.median(replied)],
                 [statistics.median(held)], Target(at_most=10)),
        compared(f"{title}: change → agent holds the set (p99), vs the POST", "ms", [p99(replied)], [p99(held)],
                 Target(at_most=50)),
    ]  # fmt: skip


def _cpu_seconds(stage: Stage, environment_id: str) -> dict[str, float]:
    """CPU the processes on a change's path have used so far: the gateway, the scheduler, the agent's host."""
    pids = {s: stage.platform.supervisor.processes[s].pid for s in ("gateway", "scheduler")}
    pids["agent"] = stage.platform.agent_pid(environment_id) or 0
    return {name: sum(psutil.Process(pid).cpu_times()[:2]) for name, pid in pids.items()}


async def figures(stage: Stage, samples: int, environments: int, rounds: int) -> list[Figure]:
    admin, answers = stage.admin, Answers()
    created = await asyncio.gather(*(create_and_wait(admin, f"replication-{i}") for i in range(environments)))
    ids = [environment_id for environment_id, _, _ in created]
    endpoints = {e: f"repl-{i}" for i, e in enumerate(ids)}
    versions = await asyncio.gather(*(_prepared(admin, e, endpoints[e]) for e in ids))
    answers.held.update(zip(ids, versions, strict=True))
    connection = await aio_pika.connect_robust(stage.amqp_url)
    try:
        channel = await connection.channel()
        await (await tap(channel, CENV_COMMANDS, "*.cenv.ApplyScheduleSet")).consume(answers.on_push, no_ack=True)
        await (await tap(channel, CENV_EVENTS, "*.cenv.ScheduleSetApplied")).consume(answers.on_answer, no_ack=True)
        idle: list[Change] = []
        used: Counter[str] = Counter()
        for _ in range(samples):
            before = _cpu_seconds(stage, ids[0])
            idle.append(await _change(admin, answers, ids[0], endpoints[ids[0]]))
            used.update({name: seconds - before[name] for name, seconds in _cpu_seconds(stage, ids[0]).items()})
            await asyncio.sleep(PAUSE_SECONDS)
        say("  CPU per idle change: " + ", ".join(f"{n} {1000 * s / samples:.1f} ms" for n, s in used.items()))
        busy: list[Change] = []
        for _ in range(rounds):
            busy += await asyncio.gather(*(_change(admin, answers, e, endpoints[e]) for e in ids))
            await asyncio.sleep(PAUSE_SECONDS)
    finally:
        await connection.close()
    say(
        f"  each change adds an entry: the set grew to {samples + 1} entries over the idle changes, to {rounds + 1} "
        "on the others"
    )
    return [*_pair("23 idle, one c_env", idle), *_pair(f"24 {environments} c_envs changed at once", busy)]
