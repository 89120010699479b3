"""The service's background loops: the sweep, and keeping what the provisioning driver owns alive."""

from __future__ import annotations

import asyncio

from common.http.app import Runtime
from common.logging import get_logger
from environments.context import Environments, context_of
from environments.service_layer import machines
from environments.service_layer.sweeper import sweep_once

log = get_logger(__name__)
MACHINES_CHECK_SECONDS = 5.0


async def sweep_forever(runtime: Runtime) -> None:
    service = context_of(runtime)
    awake_since = await service.index.now()
    while True:
        await asyncio.sleep(service.settings.sweep_seconds)
        try:
            await sweep_once(service.run, service.index, service.settings, awake_since)
        except Exception as exc:  # noqa: BLE001 (a failed sweep is retried at the next tick)
            log.warning("sweep_failed", error=repr(exc))


async def bring_agents_back(runtime: Runtime) -> None:
    service = context_of(runtime)
    while True:
        await asyncio.sleep(service.settings.agent_check_seconds)
        try:
            await bring_agents_back_once(service)
        except Exception as exc:  # noqa: BLE001 (tried again at the next check)
            log.warning("agents_not_brought_back", error=repr(exc))


async def bring_agents_back_once(service: Environments) -> None:
    """Every environment that should have an agent and has none gets one launched again."""
    for environment_id in await machines.without_agents(service.index, service.driver):
        await machines.relaunch(service.run, service.machines, environment_id)


async def keep_machines_up(runtime: Runtime) -> None:
    """A host that died is started again, and brings back the agents whose launches it kept on disk."""
    driver = context_of(runtime).driver
    while True:
        try:
            await driver.start()
        except Exception as exc:  # noqa: BLE001 (tried again at the next check)
            log.warning("machines_not_started", error=repr(exc))
        await asyncio.sleep(MACHINES_CHECK_SECONDS)
