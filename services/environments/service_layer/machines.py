"""Keeping what the provisioning driver owns alive: the local agent hosts, and with them their agents."""

from __future__ import annotations

import asyncio

from common.http.app import Runtime
from common.logging import get_logger
from environments.context import context_of

log = get_logger(__name__)
CHECK_SECONDS = 5.0


async def keep_machines_up(runtime: Runtime) -> None:
    """A host that died is started again, and brings back the agents whose launches it kept on disk."""
    driver = context_of(runtime).driver
    while True:
        try:
            await driver.start()
        except Exception as exc:  # noqa: BLE001 (tried again at the next check)
            log.warning("machines_not_started", error=repr(exc))
        await asyncio.sleep(CHECK_SECONDS)
