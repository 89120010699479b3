"""Local agent-host processes: a few processes on this machine, each running many environments' agents.

A host is reached over a unix socket in a directory only this user can enter, and is started
with an allow-list of environment variables, so no platform secret (database, broker, internal
key, superuser) reaches it or its agents: their credentials arrive in the launch request.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

import aiohttp

from common.logging import get_logger

log = get_logger(__name__)
INHERITED = (
    "PATH",
    "HOME",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "TMPDIR",
    "PYTHONPATH",
    "VIRTUAL_ENV",
    "SWITCHYARD_LOG_LEVEL",
    "SWITCHYARD_AGENT_MEDIA_DRIVER",  # simulated or ffmpeg: a choice of the machine, no secret
)


def host_environment(parent: dict[str, str]) -> dict[str, str]:
    """What a host process inherits: only what Python needs to run, never a platform setting."""
    return {name: parent[name] for name in INHERITED if name in parent}


class HostUnavailable(Exception):
    """The host process did not come up, or stopped answering."""


class HostProcess:
    def __init__(self, directory: Path, start_within: float = 30.0) -> None:
        self.directory = directory
        self.socket = directory / "host.sock"
        self.start_within = start_within
        self.process: asyncio.subprocess.Process | None = None
        self._session: aiohttp.ClientSession | None = None
        self._starting = asyncio.Lock()

    async def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        await self.ensure_running()
        try:
            async with self._client().request(method, f"http://host{path}", json=body) as response:
                if response.status >= 400:
                    raise HostUnavailable(f"agent host answered {response.status}: {(await response.text())[:200]}")
                return await response.json() if response.status != 204 else None
        except aiohttp.ClientError as exc:
            await self._forget_connections()
            raise HostUnavailable(f"agent host unreachable: {exc}") from exc

    async def ensure_running(self) -> None:
        async with self._starting:
            if not await self.answers():
                await self._start()

    async def answers(self) -> bool:
        if not self.socket.exists():
            return False
        try:
            async with self._client().get("http://host/health") as response:
                return response.status == 200
        except (aiohttp.ClientError, TimeoutError, OSError):
            await self._forget_connections()  # kept-alive connections to a host that is gone
            return False

    async def _start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.directory.chmod(0o700)
        self.socket.unlink(missing_ok=True)  # left by a host that died: nothing answers on it
        with (self.directory / "host.log").open("ab") as output:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "cenv_agent", "host", "--socket", str(self.socket),
                "--state-dir", str(self.directory),
                env=host_environment(dict(os.environ)), stdout=output, stderr=output,
                stdin=asyncio.subprocess.DEVNULL,
            )  # fmt: skip
        (self.directory / "host.pid").write_text(str(self.process.pid))
        log.info("agent_host_started", directory=str(self.directory), pid=self.process.pid)
        deadline = asyncio.get_running_loop().time() + self.start_within
        while not await self.answers():
            if self.process.returncode is not None or asyncio.get_running_loop().time() > deadline:
                raise HostUnavailable(f"the agent host in {self.directory} did not start")
            await asyncio.sleep(0.05)

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.UnixConnector(path=str(self.socket))
            self._session = aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=30))
        return self._session

    async def _forget_connections(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def close(self) -> None:
        """Forget the process without stopping it: agents are machines, they outlive a control-plane restart."""
        await self._forget_connections()
