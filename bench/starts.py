"""Figure 10: from a start request (A109) to the environment's agent saying the output's media runs, one output at a
time, against a change of the same output's configuration until the agent holds it (the same path to the agent,
with nothing to start). Each output is stopped first and seen stopped, so every start is a real one.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench.stage import Stage
from bench.table import Figure, Target, compared, say
from tests.support.api import Api

POLL_SECONDS = 0.02
LIMIT_SECONDS = 60


async def until(api: Api, output: str, seen: Callable[[dict[str, Any]], bool]) -> float:
    """Seconds until the output's representation satisfies ``seen`` (polled through the gateway)."""
    started = time.monotonic()
    while time.monotonic() - started < LIMIT_SECONDS:
        if seen((await api.get(output)).ok()):
            return time.monotonic() - started
        await asyncio.sleep(POLL_SECONDS)
    raise TimeoutError(f"{output} not as expected after {LIMIT_SECONDS} s")


async def one_start(api: Api, output: str) -> float:
    (await api.post(f"{output}/stop")).ok(202)
    await until(api, output, lambda o: o["state"] == "stopped")
    started = time.monotonic()
    (await api.post(f"{output}/start")).ok(202)
    await until(api, output, lambda o: o["state"] == "running")
    return time.monotonic() - started


async def one_change(api: Api, environment_id: str, output_id: str, latency: int) -> float:
    started = time.monotonic()
    path = f"/api/customer_environment/{environment_id}/outputs/srt_listener/{output_id}"
    (await api.patch(path, {"latency": latency})).ok()
    await until(api, f"/api/customer_environment/{environment_id}/outputs/{output_id}", lambda o: o["configured"])
    return time.monotonic() - started


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[-1] if len(values) > 1 else values[0]


async def figures(stage: Stage, count: int) -> list[Figure]:
    api = stage.admin
    environment_id, _, _ = await stage.first_environment()
    outputs = f"/api/customer_environment/{environment_id}/outputs"
    ids = [f"start-{i}" for i in range(count)]
    for output_id in ids:
        (await api.post(f"{outputs}/srt_listener", {"id": output_id})).ok(201)
    for output_id in ids:
        await until(api, f"{outputs}/{output_id}", lambda o: o["state"] == "running")
    changes, starts = [], []
    for i, output_id in enumerate(ids):  # alternated, so drifting load falls on both alike
        changes.append(await one_change(api, environment_id, output_id, 100 + i))
        starts.append(await one_start(api, f"{outputs}/{output_id}"))
    say(f"{count} outputs, one at a time: change → held by the agent median {statistics.median(changes):.3f} s, "
        f"p99 {p99(changes):.3f} s; start → running median {statistics.median(starts):.3f} s, "
        f"p99 {p99(starts):.3f} s")  # fmt: skip
    return [
        compared("output start → agent says running (p50), vs a change → held", "s",
                 [statistics.median(changes)], [statistics.median(starts)], Target(at_most=0.5)),
        compared("output start → agent says running (p99), vs a change → held", "s", [p99(changes)], [p99(starts)],
                 Target(at_most=2)),
    ]  # fmt: skip
