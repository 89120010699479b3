"""Figure 9: inputs and outputs created through the gateway on one c_env, against environments created through the
gateway in the same run.

Both are measured as answered creations per second with the same eight concurrent clients. Every input and output
takes a port on the one environment, so all of them take turns on that environment's stream: the figure shows
what that serialisation costs. The time until the agent holds every configuration is printed beside it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from bench.stage import Stage, delete_all, until_running
from bench.table import Figure, Target, compared, say
from tests.support.api import Api

CLIENTS = 8
PAGE = 500
HELD_WITHIN_SECONDS = 300


async def _throughput(count: int, create: Callable[[int], Awaitable[None]]) -> float:
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(count):
        queue.put_nowait(i)

    async def client() -> None:
        while not queue.empty():
            await create(queue.get_nowait())

    started = time.monotonic()
    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    return count / (time.monotonic() - started)


async def _environments(admin: Api, count: int) -> tuple[float, list[str]]:
    created: list[str] = []

    async def create(i: int) -> None:
        created.append((await admin.post("/api/customer_environment", {"name": f"bench-streams-{i}"})).ok(201)["id"])

    rate = await _throughput(count, create)
    return rate, created


async def _endpoints(admin: Api, environment_id: str, count: int) -> float:
    base = f"/api/customer_environment/{environment_id}"

    async def create(i: int) -> None:
        side = "inputs" if i % 2 == 0 else "outputs"
        (await admin.post(f"{base}/{side}/srt_listener", {"id": f"bench-{i}"})).ok(201)

    return await _throughput(count, create)


async def _all_held(admin: Api, environment_id: str, count: int, started: float) -> float:
    base = f"/api/customer_environment/{environment_id}"
    while time.monotonic() - started < HELD_WITHIN_SECONDS:
        held = 0
        for side in ("inputs", "outputs"):
            for offset in range(0, count, PAGE):
                listed = (await admin.get(f"{base}/{side}?limit={PAGE}&offset={offset}")).ok()["objects"]
                held += sum(1 for endpoint in listed if endpoint["configured"])
        if held >= count:
            return time.monotonic() - started
        await asyncio.sleep(0.5)
    raise TimeoutError(f"the agent did not hold all {count} configurations within {HELD_WITHIN_SECONDS} s")


async def figures(stage: Stage, environments: int, endpoints: int) -> list[Figure]:
    admin = stage.admin
    environment_id, _, _ = await stage.first_environment()
    baseline, created = await _environments(admin, environments)
    say(f"{environments} environments created by {CLIENTS} clients: {baseline:.1f} creations/s")
    for other in created:  # their agents start before the subject runs, not during it
        await until_running(admin, other, time.monotonic())
    started = time.monotonic()
    measured = await _endpoints(admin, environment_id, endpoints)
    say(f"{endpoints} inputs and outputs on one environment by {CLIENTS} clients: {measured:.1f} creations/s")
    try:
        held = await _all_held(admin, environment_id, endpoints, started)
        say(f"  the agent held all {endpoints} after {held:.1f} s from the first request")
    except TimeoutError as exc:
        say(f"  {exc}")
    await delete_all(admin, created)
    return [
        compared(f"{endpoints} inputs and outputs on one c_env, vs environment creations", "/s", [baseline],
                 [measured], Target(at_least=0.5)),
    ]  # fmt: skip
