"""Provisioning drivers behind one port: ``local`` runs agent hosts on this machine, ``remote`` asks one elsewhere."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path
from typing import Any, Protocol

import aiohttp

from cenv_agent.contract.hosting import AGENT_HOST, AgentLaunch
from common.http.principal import Principal, sign
from environments.adapters.agent_hosts import HostProcess, HostUnavailable


class ProvisioningError(Exception):
    """The machine or its agent could not be started; the reason goes into the environment's history."""


class ProvisioningDriver(Protocol):
    async def launch(self, launch: AgentLaunch) -> None: ...

    async def terminate(self, environment_id: uuid.UUID) -> None: ...

    async def running(self) -> set[uuid.UUID]:
        """The environments whose agents run (raises when a machine cannot tell)."""

    async def start(self) -> None: ...

    async def close(self) -> None: ...


class LocalDriver:
    """Agents packed into a few agent-host processes on this machine; an environment always goes to the same one."""

    def __init__(self, state_root: Path, hosts: int) -> None:
        self.hosts = [HostProcess(state_root / f"host-{i}") for i in range(max(1, hosts))]

    def host_for(self, environment_id: uuid.UUID) -> HostProcess:
        return self.hosts[environment_id.int % len(self.hosts)]

    async def start(self) -> None:
        """Bring every host up, and with it every agent it ran before a restart (their launches are on disk)."""
        await asyncio.gather(*(host.ensure_running() for host in self.hosts))

    async def launch(self, launch: AgentLaunch) -> None:
        try:
            await self.host_for(launch.environment_id).call("POST", "/agents", launch.revealed())
        except HostUnavailable as exc:
            raise ProvisioningError(str(exc)) from exc

    async def terminate(self, environment_id: uuid.UUID) -> None:
        try:
            await self.host_for(environment_id).call("DELETE", f"/agents/{environment_id}")
        except HostUnavailable as exc:
            raise ProvisioningError(str(exc)) from exc

    async def running(self) -> set[uuid.UUID]:
        try:
            answers = await asyncio.gather(*(host.call("GET", "/agents") for host in self.hosts))
        except HostUnavailable as exc:
            raise ProvisioningError(str(exc)) from exc
        return {uuid.UUID(i) for answer in answers for i in answer["environment_ids"]}

    async def close(self) -> None:
        for host in self.hosts:
            await host.close()


class RemoteDriver:
    """Talks to ``python -m cenv_agent host`` with requests signed by the internal key."""

    HOST_PRINCIPAL = Principal(kind="cloud_worker")

    def __init__(self, host_url: str, key: bytes) -> None:
        self.host_url, self.key = host_url.rstrip("/"), key
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))

    async def _call(self, method: str, path: str, body: dict[str, object] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else b""
        headers = {**sign(self.key, self.HOST_PRINCIPAL, method, path, service=AGENT_HOST, body=data),
                   "Content-Type": "application/json"}  # fmt: skip
        try:
            async with self._session.request(method, self.host_url + path, data=data, headers=headers) as response:
                if response.status >= 400:
                    raise ProvisioningError(f"agent host answered {response.status}: {(await response.text())[:200]}")
                return await response.json() if response.status == 200 else None
        except aiohttp.ClientError as exc:
            raise ProvisioningError(f"agent host unreachable: {exc}") from exc

    async def launch(self, launch: AgentLaunch) -> None:
        await self._call("POST", "/agents", launch.revealed())

    async def terminate(self, environment_id: uuid.UUID) -> None:
        await self._call("DELETE", f"/agents/{environment_id}")

    async def running(self) -> set[uuid.UUID]:
        return {uuid.UUID(i) for i in (await self._call("GET", "/agents"))["environment_ids"]}

    async def start(self) -> None:
        """The remote host runs on its own; nothing to start from here."""

    async def close(self) -> None:
        await self._session.close()
