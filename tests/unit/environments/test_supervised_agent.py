"""An agent host starts an agent again when it crashes, and leaves one that finished on purpose alone."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from cenv_agent.config import AgentSettings
from cenv_agent.supervised import SupervisedAgent
from tests.support.waiting import eventually

SETTINGS = AgentSettings(environment_id=uuid.uuid4(), amqp_url="amqp://agent:secret@broker/", command_queue="q")  # type: ignore[arg-type]


class Agents:
    """Makes agents whose first ``crashes`` runs raise (a broker blip at start-up), and the next ones run."""

    def __init__(self, crashes: int) -> None:
        self.crashes, self.made = crashes, 0

    def __call__(self, settings: AgentSettings) -> Any:
        self.made += 1
        return FakeAgent(crash=self.made <= self.crashes)


class FakeAgent:
    def __init__(self, crash: bool) -> None:
        self.crash, self.environment_id, self.finished = crash, SETTINGS.environment_id, asyncio.Event()

    async def run(self) -> None:
        if self.crash:
            raise ConnectionError("CONNECTION_FORCED")
        await self.finished.wait()


async def test_an_agent_that_crashes_is_started_again_until_it_runs() -> None:
    agents = Agents(crashes=2)
    supervised = SupervisedAgent(SETTINGS, make=agents, first_pause=0.01)

    async def third_runs() -> None:
        assert agents.made == 3 and supervised.running

    await eventually(third_runs, within=5, every=0.01)
    await supervised.stop()
    assert not supervised.running and agents.made == 3


async def test_an_agent_that_finishes_stays_finished_and_a_stopped_one_is_not_restarted() -> None:
    agents = Agents(crashes=0)
    finishing = SupervisedAgent(SETTINGS, make=agents, first_pause=0.01)
    await asyncio.sleep(0)
    finishing.agent.finished.set()  # shut down on purpose
    await asyncio.wait_for(finishing.task, 1)
    crashing = SupervisedAgent(SETTINGS, make=Agents(crashes=10), first_pause=60)
    await asyncio.sleep(0.01)
    await asyncio.wait_for(crashing.stop(), 1)  # stopped during its pause: no wait for the pause to end
    assert (agents.made, finishing.running, crashing.running) == (1, False, False)
