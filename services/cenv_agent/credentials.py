"""The credentials of the outputs an agent holds (SRT passwords, RTMP addresses with their stream keys): never on
the bus, never on the agent's disk. The agent fetches them from the platform over its own HTTP credential when it
holds a configuration that names them, and again after a restart; they live in its memory only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, SecretStr

from common.logging import get_logger

log = get_logger(__name__)
RETRY_SECONDS = (0.5, 1, 2, 4, 8, 15, 30)


class Fetched(BaseModel):
    config_version: int
    credentials: dict[str, SecretStr]


class Credentials:
    def __init__(self, gateway_url: str | None, api_key: SecretStr | None, environment_id: Any) -> None:
        self.base = gateway_url and f"{gateway_url.rstrip('/')}/api/customer_environment/{environment_id}/outputs"
        self.api_key = api_key
        self.kept: dict[str, Fetched] = {}
        self._fetching: dict[str, asyncio.Task[None]] = {}

    def of(self, output_id: str, version: int) -> dict[str, SecretStr] | None:
        """The output's credentials for configuration ``version`` or a newer one; None while they are not here."""
        fetched = self.kept.get(output_id)
        return fetched.credentials if fetched and fetched.config_version >= version else None

    def want(self, needed: dict[str, int]) -> None:
        """Fetch, in the background, each output's credentials not yet here for its version."""
        for output_id, version in needed.items():
            if self.of(output_id, version) is None and output_id not in self._fetching:
                task = asyncio.create_task(self._fetch(output_id, version))
                self._fetching[output_id] = task
                task.add_done_callback(self._done(output_id))

    def _done(self, output_id: str) -> Callable[[asyncio.Task[None]], None]:
        def done(_: asyncio.Task[None]) -> None:
            self._fetching.pop(output_id, None)

        return done

    def forget(self, output_id: str) -> None:
        self.kept.pop(output_id, None)

    async def close(self) -> None:
        for task in list(self._fetching.values()):
            task.cancel()

    async def _fetch(self, output_id: str, version: int) -> None:
        if not (self.base and self.api_key):
            log.warning("output_credentials_unavailable", output_id=output_id, reason="no gateway credential")
            return
        import aiohttp  # imported only here, as for the identity check: it slows an agent's start-up

        headers = {"Authorization": f"Bearer {self.api_key.get_secret_value()}"}
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10), headers=headers) as session:
            for pause in (*RETRY_SECONDS, None):
                outcome = await self._ask(session, output_id)
                if outcome == "gone" or (outcome == "fetched" and self.of(output_id, version) is not None):
                    return
                if pause is None:
                    log.error("output_credentials_not_fetched", output_id=output_id, version=version)
                    return
                await asyncio.sleep(pause)

    async def _ask(self, session: Any, output_id: str) -> str:
        import aiohttp

        try:
            async with session.get(f"{self.base}/{output_id}/credentials") as response:
                if response.status == 404:
                    self.forget(output_id)
                    return "gone"
                if response.status != 200:
                    log.warning("output_credentials_refused", output_id=output_id, status=response.status)
                    return "failed"
                fetched = Fetched.model_validate(await response.json())
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            log.warning("output_credentials_unreachable", output_id=output_id, error=type(exc).__name__)
            return "failed"
        self.kept[output_id] = fetched
        log.info("output_credentials_fetched", output_id=output_id, version=fetched.config_version,
                 names=sorted(fetched.credentials))  # fmt: skip
        return "fetched"
