"""Starts services as processes (each in its own process group, so its agents go with it) and stops them all."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import aiohttp

from switchyard.services import BEHIND_THE_GATEWAY, NAMES, SERVICES, by_name

DEFAULT_PORTS = {s.name: s.default_port for s in SERVICES}


@dataclass
class Supervisor:
    """``environment`` holds what every service shares, ``own`` what one service sees over it (tests); ports may differ
    from the defaults (tests)."""

    environment: dict[str, str]
    ports: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_PORTS))
    own: dict[str, dict[str, str]] = field(default_factory=dict)
    log_dir: Path | None = None
    host: str = "127.0.0.1"
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    _logs: dict[str, IO[bytes]] = field(default_factory=dict)
    # groups of services that exited: what they started (agent hosts) may live on, and goes at ``stop``
    _exited_groups: list[int] = field(default_factory=list)

    def service_environment(self, service: str) -> dict[str, str]:
        env = {**os.environ, **self.environment, "SWITCHYARD_HOST": self.host}
        env.update({by_name(s).port_variable: str(p) for s, p in self.ports.items()})
        env.update({by_name(s).url_variable: self.url(s) for s in BEHIND_THE_GATEWAY})
        env["SWITCHYARD_GATEWAY_URL"] = self.url("gateway")
        env.update(self.own.get(service, {}))
        return env

    def url(self, service: str) -> str:
        return f"http://{self.host}:{self.ports[service]}"

    def start(self, *services: str) -> None:
        for service in services or NAMES:
            output: IO[bytes] | None = None
            if self.log_dir is not None:
                self.log_dir.mkdir(parents=True, exist_ok=True)
                output = self._logs[service] = (self.log_dir / f"{service}.log").open("ab")
            self.processes[service] = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
                [sys.executable, "-m", service],
                env=self.service_environment(service),
                stdout=output,
                stderr=subprocess.STDOUT if output else None,
                start_new_session=True,
            )

    def restart(self, service: str) -> None:
        """Start a service that exited again (what it started keeps running, and is stopped with the rest)."""
        exited = self.processes.pop(service)
        self._exited_groups.append(exited.pid)
        log = self._logs.pop(service, None)
        if log is not None:
            log.close()
        self.start(service)

    async def wait_ready(self, within_seconds: float = 60.0, *services: str) -> None:
        deadline = time.monotonic() + within_seconds
        pending = set(services or self.processes)
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as session:
            while pending:
                for service in sorted(pending):
                    self._check_alive(service)
                    with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                        async with session.get(f"{self.url(service)}/ready") as response:
                            if response.status == 200:
                                pending.discard(service)
                if pending and time.monotonic() > deadline:
                    raise TimeoutError(f"not ready after {within_seconds:g} s: {', '.join(sorted(pending))}")
                await asyncio.sleep(0.2)

    def _check_alive(self, service: str) -> None:
        code = self.processes[service].poll()
        if code is not None:
            raise RuntimeError(f"{service} exited with code {code}{self._tail(service)}")

    def _tail(self, service: str) -> str:
        if self.log_dir is None:
            return ""
        text = (self.log_dir / f"{service}.log").read_text(errors="replace")
        return "; last output:\n" + "\n".join(text.splitlines()[-20:])

    def stop(self, *services: str, grace_seconds: float = 10.0) -> None:
        """SIGTERM each service's whole process group (agents included), SIGKILL what is left."""
        chosen = [s for s in (services or tuple(self.processes)) if s in self.processes]
        for service in chosen:
            _signal_group(self.processes[service], signal.SIGTERM)
        deadline = time.monotonic() + grace_seconds
        for service in chosen:
            process = self.processes.pop(service)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(max(0.1, deadline - time.monotonic()))
            _signal_group(process, signal.SIGKILL)
            process.wait()
            log = self._logs.pop(service, None)
            if log is not None:
                log.close()
        if not services:
            self._stop_exited_groups(grace_seconds)

    def _stop_exited_groups(self, grace_seconds: float) -> None:
        for group in self._exited_groups:
            _signal_group_id(group, signal.SIGTERM)
        deadline = time.monotonic() + grace_seconds
        while any(_group_alive(g) for g in self._exited_groups) and time.monotonic() < deadline:
            time.sleep(0.1)
        for group in self._exited_groups:
            _signal_group_id(group, signal.SIGKILL)
        self._exited_groups.clear()


def _signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    _signal_group_id(process.pid, signum)


def _signal_group_id(group: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signum)


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True
