"""Figure 19: how many times a c_env's full schedule set is pushed to its agent during a burst of changes through
the gateway (schedules created on one c_env by eight clients), against the number of changes.

Every change records a new version of the set; the relay sends only the newest of an environment's sets in a page
(``ApplyScheduleSet.coalescing_key``), so a burst should cost far fewer pushes than changes, the last complete.
Pushes are counted on a queue of our own bound to the agent's routing key until the agent holds the last version.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import aio_pika

from bench.stage import Stage
from bench.table import Figure, Target, compared, say
from common.bus.topology import CENV_COMMANDS
from tests.support.api import Api
from tests.support.bus import tap

NAMES = ("pushes",)
CLIENTS = 8
HELD_WITHIN_SECONDS = 300


def _window(i: int) -> dict[str, str]:
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1, minutes=i)
    return {"input_id": "burst-in", "output_id": "burst-out", "start_time": start.isoformat(),
            "end_time": (start + timedelta(minutes=1)).isoformat()}  # fmt: skip


async def known(admin: Api, started: float, window: dict[str, str]) -> None:
    """The scheduler has heard of the new output: a first schedule on it (``window``) is accepted."""
    while time.monotonic() - started < HELD_WITHIN_SECONDS:
        reply = await admin.post("/api/schedules", window)
        if reply.status == 201:
            return
        await asyncio.sleep(0.2)
    raise TimeoutError("the scheduler never heard of the output")


async def held(admin: Api, environment_id: str, started: float) -> int:
    """Waits until the agent holds the scheduler's newest set; returns its version."""
    while time.monotonic() - started < HELD_WITHIN_SECONDS:
        dump = (await admin.get(f"/api/customer_environment/{environment_id}/schedules/dump")).ok()
        if dump["agree"] and dump["scheduler"]["version"] == dump["scheduler"]["agent_version"]:
            return int(dump["scheduler"]["version"])
        await asyncio.sleep(0.5)
    raise TimeoutError(f"the agent did not hold the newest set within {HELD_WITHIN_SECONDS} s")


async def figures(stage: Stage, changes: int) -> list[Figure]:
    admin, started = stage.admin, time.monotonic()
    environment_id, _, _ = await stage.first_environment()
    base = f"/api/customer_environment/{environment_id}"
    (await admin.post(f"{base}/inputs/srt_listener", {"id": "burst-in"})).ok(201)
    (await admin.post(f"{base}/outputs/srt_listener", {"id": "burst-out"})).ok(201)
    await known(admin, started, _window(-1))  # not before the burst
    first = await held(admin, environment_id, started)
    connection = await aio_pika.connect_robust(stage.amqp_url)
    try:
        channel = await connection.channel()
        pushes = await tap(channel, CENV_COMMANDS, f"{environment_id}.cenv.ApplyScheduleSet")
        queue: asyncio.Queue[int] = asyncio.Queue()
        for i in range(changes):
            queue.put_nowait(i)

        async def client() -> None:
            while not queue.empty():
                (await admin.post("/api/schedules", _window(queue.get_nowait()))).ok(201)

        burst = time.monotonic()
        await asyncio.gather(*(client() for _ in range(CLIENTS)))
        say(f"{changes} schedules created on one c_env by {CLIENTS} clients in {time.monotonic() - burst:.1f} s")
        last = await held(admin, environment_id, burst)
        sent = 0
        while await pushes.get(fail=False, no_ack=True) is not None:
            sent += 1
        say(f"  versions {first} → {last}; the agent was sent {sent} sets, {sent / changes:.3f} per change")
    finally:
        await connection.close()
    return [compared(f"19 set pushes in a {changes}-change burst", "pushes", [float(changes)], [float(sent)],
                     Target(at_most=changes / 10))]  # fmt: skip
