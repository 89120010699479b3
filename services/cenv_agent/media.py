"""The media gateway the agent drives; here a simulation with the timings of a small one and the statistics of its
inputs and outputs."""

from __future__ import annotations

import asyncio
import hashlib
import math
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Literal

from cenv_agent.contract.messages import MAX_ENDPOINTS_PER_REPORT, EndpointStatistics, Side, StatisticsReported
from cenv_agent.state import AgentState

STEP_SECONDS = 0.05


async def perform(state: AgentState, kind: str, target_version: str | None = None) -> None:
    """Carry out one lifecycle command on the media gateway, changing ``state`` in place."""
    await asyncio.sleep(STEP_SECONDS)
    if kind == "start":
        state.media_state = "running"
    elif kind in ("stop", "shutdown"):
        state.media_state = "stopped"
    elif kind in ("restart", "update"):
        state.media_state = "stopped"
        await asyncio.sleep(STEP_SECONDS)
        state.media_state = "running"
    elif kind == "upgrade":
        state.version = target_version or state.version
        state.media_state = "running"


# The simulated media plane: plausible statistics, a pure function of the endpoint, the time and when its counters
# started, so a test (or a replay) computes exactly what an agent reports.
TS_PACKET_BYTES = 1316  # seven 188-byte MPEG-TS packets, as SRT, RIST and Zixi carry them
HOT_AT, COOL_BELOW = 0.90, 0.85  # of max_allowed_bitrate_kbps: warn from here; a new episode only after below that
Guard = Literal["stop", "warn", "cool"]


def _unit(*parts: object) -> float:
    """A number in [0, 1) fixed by ``parts``."""
    digest = hashlib.sha256("/".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def base_kbps(side: str, endpoint_id: str) -> int:
    """The endpoint's nominal bitrate, 1.5 to 8 Mbps; the simulated bitrate stays within ±4 % of it."""
    return 1500 + int(_unit(side, endpoint_id, "base") * 6500)


def bitrate_kbps(side: str, endpoint_id: str, now: float) -> int:
    """±3 % over a minute's wave, ±1 % of noise each second."""
    wave = 0.03 * math.sin(2 * math.pi * (now / 60 + _unit(side, endpoint_id, "phase")))
    noise = 0.01 * (2 * _unit(side, endpoint_id, "noise", math.floor(now)) - 1)
    return round(base_kbps(side, endpoint_id) * (1 + wave + noise))


def sample(side: str, endpoint_id: str, now: float, since: float, running: bool) -> EndpointStatistics:
    """The endpoint's statistics at ``now``, its counters started at ``since``; a stopped one is all zeros."""
    if not running:
        return EndpointStatistics(bitrate_kbps=0, jitter_ms=0, loss_millipercent=0, rtt_ms=0, dropped=0, packets=0,
                                  uptime_seconds=0, connected=False)  # fmt: skip
    second, elapsed = math.floor(now), max(0.0, now - since)
    base_loss = _unit(side, endpoint_id, "loss") * 300  # up to 0.3 % of packets lost on the way
    packets = int(elapsed * base_kbps(side, endpoint_id) * 1000 / 8 / TS_PACKET_BYTES)
    return EndpointStatistics(
        bitrate_kbps=bitrate_kbps(side, endpoint_id, now),
        jitter_ms=round(1 + 19 * _unit(side, endpoint_id, "jitter") * (0.8 + 0.4 * _unit(endpoint_id, second)), 2),
        loss_millipercent=int(base_loss * (0.5 + _unit(side, endpoint_id, "loss", second))),
        rtt_ms=round((10 + 110 * _unit(side, endpoint_id, "rtt")) * (0.9 + 0.2 * _unit(side, endpoint_id, second)), 2),
        dropped=int(packets * base_loss / 100_000 * 0.05),  # ARQ recovers 95 % of what is lost
        packets=packets,
        uptime_seconds=int(elapsed),
        connected=True,
    )


def guard(bitrate: int, max_kbps: int, stopped: bool, hot: bool) -> Guard | None:
    """What the bitrate guard does about an input at ``bitrate``: stop it, warn once, or end the hot episode."""
    if stopped:
        return None
    if bitrate > max_kbps:
        return "stop"
    if bitrate >= HOT_AT * max_kbps:
        return None if hot else "warn"
    return "cool" if hot and bitrate < COOL_BELOW * max_kbps else None


def reports(
    environment_id: uuid.UUID, sampled_at: datetime, samples: Mapping[Side, Mapping[str, EndpointStatistics]]
) -> list[StatisticsReported]:
    """The samples of one interval in as few reports as fit (at least one, so silence means a silent agent)."""
    every = [(side, endpoint_id, s) for side in ("input", "output") for endpoint_id, s in sorted(samples[side].items())]
    shares = [every[i : i + MAX_ENDPOINTS_PER_REPORT] for i in range(0, len(every), MAX_ENDPOINTS_PER_REPORT)] or [[]]
    return [
        StatisticsReported(
            environment_id=environment_id, sampled_at=sampled_at, part=number, parts=len(shares),
            inputs={i: s for side, i, s in share if side == "input"},
            outputs={i: s for side, i, s in share if side == "output"},
        )
        for number, share in enumerate(shares, start=1)
    ]  # fmt: skip
