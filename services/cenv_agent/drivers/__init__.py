"""The media-driver port (decision 61): what the agent asks of the media plane of its machine.

``simulated`` (the default, deterministic, for scale tests and benchmarks) only computes statistics; ``ffmpeg``
realises the plan with real processes and measures what flows. An agent picks one by its settings
(SWITCHYARD_AGENT_MEDIA_DRIVER).
"""

from __future__ import annotations

import shutil
from typing import Protocol

from cenv_agent.contract.messages import EndpointStatistics, Side
from cenv_agent.drivers.plan import Plan


class MediaDriver(Protocol):
    name: str
    realises: bool  # whether it wants the plan at all (the simulated driver does not: it costs nothing)

    async def realise(self, plan: Plan) -> None:
        """Make exactly the plan's inputs and outputs run; quick when nothing changed."""

    def sample(self, side: Side, endpoint_id: str, now: float, since: float, running: bool) -> EndpointStatistics:
        """The endpoint's statistics at ``now``, its counters started at ``since``."""

    def bitrate_kbps(self, side: Side, endpoint_id: str, now: float) -> int: ...

    async def close(self) -> None:
        """Stop everything it runs: nothing of it outlives the agent."""


def make_driver(name: str, ffmpeg: str = "ffmpeg", bind: str = "0.0.0.0",  # noqa: S104
                srt_transmit: str = "srt-live-transmit",
                srt_fanout: str = "switchyard-srt-fanout") -> MediaDriver:  # fmt: skip
    if name == "ffmpeg":
        from cenv_agent.drivers import native
        from cenv_agent.drivers.ffmpeg import FfmpegDriver

        return FfmpegDriver(ffmpeg, bind, shutil.which(srt_transmit), native.find(srt_fanout))
    from cenv_agent.drivers.simulated import SimulatedDriver

    return SimulatedDriver()
