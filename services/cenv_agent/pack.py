"""Many agents in one process, each with its own connection and credentials, as a machine would run them.

Each agent's launch (with its credentials) is kept on its disk (``<state>/<environment_id>/launch.json``,
readable only by this user), so a host that restarts brings back every agent it was running,
the way a rebooted machine starts its agent again. Terminating an agent forgets its launch.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from pathlib import Path

from cenv_agent.config import AgentSettings
from cenv_agent.contract.hosting import AgentLaunch
from cenv_agent.supervised import SupervisedAgent
from common.logging import get_logger

log = get_logger(__name__)
LAUNCH_FILE = "launch.json"


class AgentPack:
    def __init__(self, state_root: Path) -> None:
        self.state_root = state_root
        self._agents: dict[uuid.UUID, SupervisedAgent] = {}

    def state_dir(self, environment_id: uuid.UUID) -> Path:
        return self.state_root / str(environment_id)

    def running(self) -> list[uuid.UUID]:
        return [environment_id for environment_id, agent in self._agents.items() if agent.running]

    async def launch(self, launch: AgentLaunch) -> None:
        await self.terminate(launch.environment_id, forget=False)
        self._remember(launch)
        self._start(launch)

    async def terminate(self, environment_id: uuid.UUID, *, forget: bool = True) -> None:
        if forget:
            (self.state_dir(environment_id) / LAUNCH_FILE).unlink(missing_ok=True)
        agent = self._agents.pop(environment_id, None)
        if agent is not None:
            await agent.stop()

    def resume(self) -> int:
        """Start every agent whose launch is on disk (after a restart of this host); returns how many."""
        resumed = 0
        for path in sorted(self.state_root.glob(f"*/{LAUNCH_FILE}")):
            with contextlib.suppress(ValueError):
                self._start(AgentLaunch.model_validate_json(path.read_text()))
                resumed += 1
        return resumed

    async def close(self) -> None:
        for environment_id in list(self._agents):
            await self.terminate(environment_id, forget=False)

    def _remember(self, launch: AgentLaunch) -> None:
        directory = self.state_dir(launch.environment_id)
        directory.mkdir(parents=True, exist_ok=True)
        temporary = directory / f"{LAUNCH_FILE}.tmp"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            json.dump(launch.revealed(), file)
        os.replace(temporary, directory / LAUNCH_FILE)

    def _start(self, launch: AgentLaunch) -> None:
        settings = AgentSettings(
            environment_id=launch.environment_id,
            amqp_url=launch.amqp_url,
            command_queue=launch.command_queue,
            api_key=launch.api_key,
            gateway_url=launch.gateway_url,
            heartbeat_seconds=launch.heartbeat_seconds,
            state_dir=str(self.state_dir(launch.environment_id)),
            instance_type=launch.instance_type,  # each agent its own machine's, never the host's
        )
        self._agents[launch.environment_id] = SupervisedAgent(settings)
        log.info("agent_started", environment_id=str(launch.environment_id))
