"""Launching reference c_env agent processes: what an agent needs, and a spawner that runs them locally.

The local provisioning driver and the agent host (``python -m cenv_agent host``) both use the
spawner. An agent process gets only its own credentials in its environment: the service's
database URL, broker URL and keys are stripped before it starts.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import uuid
from pathlib import Path

import psutil
from pydantic import BaseModel, SecretStr

from common.logging import get_logger

log = get_logger(__name__)
SERVICE_SECRETS = (
    "DATABASE_URL",
    "AMQP_URL",
    "SWITCHYARD_INTERNAL_KEY",
    "SWITCHYARD_JWT_KEYS",
    "RABBITMQ_MANAGEMENT_URL",
)


class AgentLaunch(BaseModel):
    environment_id: uuid.UUID
    amqp_url: SecretStr
    api_key: SecretStr
    gateway_url: str
    heartbeat_seconds: float = 5.0

    def environment_variables(self, state_dir: Path) -> dict[str, str]:
        return {
            "SWITCHYARD_AGENT_ENVIRONMENT_ID": str(self.environment_id),
            "SWITCHYARD_AGENT_AMQP_URL": self.amqp_url.get_secret_value(),
            "SWITCHYARD_AGENT_API_KEY": self.api_key.get_secret_value(),
            "SWITCHYARD_AGENT_GATEWAY_URL": self.gateway_url,
            "SWITCHYARD_AGENT_HEARTBEAT_SECONDS": str(self.heartbeat_seconds),
            "SWITCHYARD_AGENT_STATE_DIR": str(state_dir),
        }


class AgentSpawner:
    """Starts one agent process per environment and stops it again, also after a restart of this process."""

    def __init__(self, state_root: Path) -> None:
        self.state_root = state_root
        self._processes: dict[uuid.UUID, asyncio.subprocess.Process] = {}

    def state_dir(self, environment_id: uuid.UUID) -> Path:
        return self.state_root / str(environment_id)

    async def launch(self, launch: AgentLaunch) -> int:
        await self.terminate(launch.environment_id)
        state_dir = self.state_dir(launch.environment_id)
        state_dir.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if k not in SERVICE_SECRETS}
        env.update(launch.environment_variables(state_dir))
        with (state_dir / "agent.log").open("ab") as output:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "cenv_agent",
                env=env,
                stdout=output,
                stderr=output,
                stdin=asyncio.subprocess.DEVNULL,
            )
        self._processes[launch.environment_id] = process
        (state_dir / "agent.pid").write_text(str(process.pid))
        log.info("agent_launched", environment_id=str(launch.environment_id), pid=process.pid)
        return process.pid

    async def terminate(self, environment_id: uuid.UUID, grace_seconds: float = 5.0) -> None:
        process = self._processes.pop(environment_id, None)
        if process is not None and process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), grace_seconds)
            except TimeoutError:
                process.kill()
                await process.wait()
        await asyncio.to_thread(self._terminate_orphan, environment_id, grace_seconds)

    def _terminate_orphan(self, environment_id: uuid.UUID, grace_seconds: float) -> None:
        """An agent started by an earlier run of this process: find it by its pid file and command line."""
        pid_file = self.state_dir(environment_id) / "agent.pid"
        with contextlib.suppress(FileNotFoundError, ValueError, psutil.Error):
            process = psutil.Process(int(pid_file.read_text()))
            if "cenv_agent" in " ".join(process.cmdline()) and process.status() != psutil.STATUS_ZOMBIE:
                process.terminate()
                with contextlib.suppress(psutil.TimeoutExpired):
                    process.wait(grace_seconds)
                    return
                process.kill()
        pid_file.unlink(missing_ok=True)

    def is_running(self, environment_id: uuid.UUID) -> bool:
        process = self._processes.get(environment_id)
        return process is not None and process.returncode is None

    async def close(self) -> None:
        """Forget the children without stopping them: agents are machines, they outlive a control-plane restart."""
        self._processes.clear()
