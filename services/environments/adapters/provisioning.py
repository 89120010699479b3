"""Provisioning drivers behind one port: ``local`` runs agent processes here, ``remote`` asks an agent host."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Protocol

import aiohttp

from common.agents import AgentLaunch, AgentSpawner
from common.http.principal import Principal, sign


class ProvisioningError(Exception):
    """The machine or its agent could not be started; the reason goes into the environment's history."""


class ProvisioningDriver(Protocol):
    async def launch(self, launch: AgentLaunch) -> None: ...

    async def terminate(self, environment_id: uuid.UUID) -> None: ...

    async def close(self) -> None: ...


class LocalDriver:
    def __init__(self, state_root: Path) -> None:
        self.spawner = AgentSpawner(state_root)

    async def launch(self, launch: AgentLaunch) -> None:
        try:
            await self.spawner.launch(launch)
        except OSError as exc:
            raise ProvisioningError(f"could not start the agent process: {exc}") from exc

    async def terminate(self, environment_id: uuid.UUID) -> None:
        await self.spawner.terminate(environment_id)

    async def close(self) -> None:
        await self.spawner.close()


class RemoteDriver:
    """Talks to ``python -m cenv_agent host`` with requests signed by the internal key."""

    HOST_PRINCIPAL = Principal(kind="cloud_worker")

    def __init__(self, host_url: str, key: bytes) -> None:
        self.host_url, self.key = host_url.rstrip("/"), key
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))

    async def _call(self, method: str, path: str, body: dict[str, object] | None = None) -> None:
        headers = sign(self.key, self.HOST_PRINCIPAL, method, path)
        try:
            async with self._session.request(method, self.host_url + path, json=body, headers=headers) as response:
                if response.status >= 400:
                    raise ProvisioningError(f"agent host answered {response.status}: {(await response.text())[:200]}")
        except aiohttp.ClientError as exc:
            raise ProvisioningError(f"agent host unreachable: {exc}") from exc

    async def launch(self, launch: AgentLaunch) -> None:
        body = json.loads(launch.model_dump_json())
        body["amqp_url"] = launch.amqp_url.get_secret_value()
        body["api_key"] = launch.api_key.get_secret_value()
        await self._call("POST", "/agents", body)

    async def terminate(self, environment_id: uuid.UUID) -> None:
        await self._call("DELETE", f"/agents/{environment_id}")

    async def close(self) -> None:
        await self._session.close()
