"""Figures 17-18: recomputing the full schedule set of one c_env (``scheduler.domain.schedule_set``), in process,
with 1k, 10k and 100k pending entries on 50 outputs of an instance that carries 50 at once (so the capacity
choice, decision 76, runs over every entry).

Figure 17 is the recompute of 10,000 entries (target ≤ 50 ms), beside 1,000 as its baseline; figure 18 is the
rate (entries recomputed per second) at 100,000 against the rate at 10,000: about linear growth keeps it near 1×.
Each size is recomputed in interleaved rounds; the environment is folded once per size, outside the timing.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from bench.scale import Scale
from bench.table import Figure, Target, compared, interleave, say, spread
from scheduler.domain import environment, schedule_set
from scheduler.domain import events as e
from scheduler.domain.environment import Environment

NAMES = ("recompute",)
OUTPUTS = 50
ENV = uuid.UUID(int=1)
NOW = datetime(2030, 1, 1, tzinfo=UTC)


def crowded(entries: int) -> Environment:
    """``entries`` one-minute bookings in turn on each of 50 outputs, all still to come."""
    history: list[e.DomainEvent] = [
        e.EnvironmentNoted(organisation_id=1, environment_id=ENV, state="running", as_of=NOW),
        e.CapacityNoted(organisation_id=1, environment_id=ENV, max_outputs=OUTPUTS, bandwidth_kbps=2_500_000),
        e.InputNoted(organisation_id=1, environment_id=ENV, input_id="in", version=1, deleted=False,
                     bitrate_kbps=8000),
        *(e.OutputNoted(organisation_id=1, environment_id=ENV, output_id=f"out-{n}", version=1, deleted=False)
          for n in range(OUTPUTS)),
    ]  # fmt: skip
    for n in range(entries):
        start = NOW + timedelta(minutes=1 + n // OUTPUTS)
        history.append(e.OutputBooked(organisation_id=1, environment_id=ENV, schedule_id=uuid.UUID(int=n + 2),
                                      input_organisation_id=1, input_id="in", output_id=f"out-{n % OUTPUTS}",
                                      start=start, end=start + timedelta(minutes=1)))  # fmt: skip
    return environment.fold(history)


def timed(env: Environment, entries: int) -> Callable[[], Awaitable[float]]:
    """One recompute, in milliseconds."""

    async def round_() -> float:
        started = time.perf_counter()
        pushed = schedule_set.items(env, NOW)
        elapsed = (time.perf_counter() - started) * 1000
        assert len(pushed) == entries, "every entry fits: none is left out"
        return elapsed

    return round_


async def figures(scale: Scale) -> list[Figure]:
    sizes = (1_000, 10_000, 100_000)
    envs = {size: crowded(size) for size in sizes}
    samples = await interleave({f"{size}": timed(envs[size], size) for size in sizes}, scale.rounds)
    for size in sizes:
        say(f"recompute of {size:,} entries: {spread(samples[str(size)], 'ms')}")
    rates = {size: [size / (ms / 1000) for ms in samples[str(size)]] for size in sizes}
    return [
        compared("17 recompute 10k entries (1k base)", "ms", samples["1000"], samples["10000"], Target(at_most=50)),
        compared("18 recompute rate 100k vs 10k", "entries/s", rates[10_000], rates[100_000], Target(at_least=0.67)),
    ]
