"""The whole platform as real processes for end-to-end tests, on free ports, with its own database and vhost."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from devrun.supervisor import Supervisor
from switchyard.services import NAMES

FAST_TIMINGS = {
    "SWITCHYARD_HEARTBEAT_SECONDS": "1",
    "SWITCHYARD_UNREACHABLE_AFTER_SECONDS": "4",
    "SWITCHYARD_COMMAND_ACK_TIMEOUT_SECONDS": "3",
    # longer than an agent host's restart pauses through a 12 s broker blip (1+2+4+8+16 s), as 90 s is in production
    "SWITCHYARD_PROVISION_TIMEOUT_SECONDS": "60",
    "SWITCHYARD_SWEEP_SECONDS": "0.5",
    "SWITCHYARD_RELAY_POLL_SECONDS": "0.2",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Platform:
    supervisor: Supervisor
    admin_email: str
    admin_password: str
    agent_state_dir: Path
    log_dir: Path

    @property
    def gateway_url(self) -> str:
        return self.supervisor.url("gateway")

    def log(self, service: str) -> str:
        return (self.log_dir / f"{service}.log").read_text(errors="replace")

    def agent_dir(self, environment_id: object) -> Path | None:
        """The environment's agent's disk, inside the agent host that runs it."""
        found = sorted(self.agent_state_dir.glob(f"host-*/{environment_id}"))
        return found[0] if found else None

    def agent_log(self, environment_id: object) -> str:
        """What the agent hosts logged about this environment's agent."""
        lines = [
            line
            for log in sorted(self.agent_state_dir.glob("host-*/host.log"))
            for line in log.read_text(errors="replace").splitlines()
            if str(environment_id) in line
        ]
        return "\n".join(lines)

    def kill(self, service: str) -> None:
        """SIGKILL the service's process, as a crash would: it finishes nothing it was doing."""
        process = self.supervisor.processes[service]
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)

    async def restart(self, service: str, **own: str) -> None:
        """Start a service that exited (or was killed) again, seeing ``own`` over the shared environment (nothing
        of its own when none is given), and wait until it is ready."""
        self.supervisor.own[service] = own
        self.supervisor.restart(service)
        await self.supervisor.wait_ready(60, service)

    def agent_pid(self, environment_id: object) -> int | None:
        """The agent host process running this environment's agent."""
        directory = self.agent_dir(environment_id)
        pid_file = directory.parent / "host.pid" if directory else None
        return int(pid_file.read_text()) if pid_file and pid_file.exists() else None


def start_platform(
    database_url: str, amqp_url: str, management_url: str, internal_key: str, workdir: Path, **overrides: str
) -> Platform:
    agents, logs = workdir / "agents", workdir / "logs"
    email, password = f"admin-{secrets.token_hex(3)}@example.com", secrets.token_urlsafe(16)
    environment = {
        # as an operator of `make run` would export them: every service sees them, no agent may
        "SWITCHYARD_ADMIN_EMAIL": email,
        "SWITCHYARD_ADMIN_PASSWORD": password,
        "DATABASE_URL": database_url,
        "AMQP_URL": amqp_url,
        "RABBITMQ_MANAGEMENT_URL": management_url,
        "SWITCHYARD_INTERNAL_KEY": internal_key,
        "SWITCHYARD_AGENT_STATE_DIR": str(agents),
        "SWITCHYARD_GATEWAY_METRICS_PORT": str(free_port()),
        **FAST_TIMINGS,
        **overrides,
    }
    supervisor = Supervisor(environment, {s: free_port() for s in NAMES}, log_dir=logs)
    subprocess.run([sys.executable, "-m", "gateway", "bootstrap-admin"], env=supervisor.service_environment("gateway"),
                   check=True, capture_output=True)  # fmt: skip
    supervisor.start()
    return Platform(supervisor, email, password, agents, logs)


def keep_logs() -> bool:
    return bool(os.environ.get("SWITCHYARD_KEEP_TEST_LOGS"))
