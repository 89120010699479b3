"""One environment's agent in a host, started again when it crashes, as a machine's init system would."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

from cenv_agent.agent import Agent
from cenv_agent.config import AgentSettings
from common.logging import get_logger

log = get_logger(__name__)
FIRST_PAUSE, LONGEST_PAUSE = 1.0, 30.0


class SupervisedAgent:
    """An agent that raised (its start-up met a broker blip, say) is started again after a pause that doubles up
    to half a minute; one that finished on purpose (shut down, stopped, gave up on the broker) stays finished."""

    def __init__(
        self, settings: AgentSettings, make: Callable[[AgentSettings], Agent] = Agent, first_pause: float = FIRST_PAUSE
    ) -> None:
        self.settings, self.make, self.first_pause = settings, make, first_pause
        self.agent = make(settings)
        self.stopped = asyncio.Event()
        self.task = asyncio.create_task(self._keep_running(), name=f"agent-{settings.environment_id}")

    @property
    def running(self) -> bool:
        return not self.task.done()

    async def stop(self, within: float = 10.0) -> None:
        self.stopped.set()
        self.agent.finished.set()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await asyncio.wait_for(self.task, within)

    async def _keep_running(self) -> None:
        pause = self.first_pause
        while not self.stopped.is_set():
            try:
                await self.agent.run()
            except Exception as exc:  # noqa: BLE001 (one agent failing must not take the others down)
                log.error("agent_failed", environment_id=str(self.agent.environment_id), error=repr(exc),
                          restart_in=pause)  # fmt: skip
            else:
                log.info("agent_finished", environment_id=str(self.agent.environment_id))
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopped.wait(), pause)
            pause = min(pause * 2, LONGEST_PAUSE)
            self.agent = self.make(self.settings)
