"""The simulated driver: today's media simulation (``cenv_agent.media``) behind the driver port."""

from __future__ import annotations

from cenv_agent import media
from cenv_agent.contract.messages import EndpointStatistics, Side
from cenv_agent.drivers.plan import Plan


class SimulatedDriver:
    name = "simulated"
    realises = False

    async def realise(self, plan: Plan) -> None:
        return None

    def sample(self, side: Side, endpoint_id: str, now: float, since: float, running: bool) -> EndpointStatistics:
        return media.sample(side, endpoint_id, now, since, running)

    def bitrate_kbps(self, side: Side, endpoint_id: str, now: float) -> int:
        return media.bitrate_kbps(side, endpoint_id, now)

    async def close(self) -> None:
        return None


SIMULATED = SimulatedDriver()
