"""The service's background loops: the sweep, and keeping what the provisioning driver owns alive."""

from __future__ import annotations

from common.http.app import Runtime
from common.logging import get_logger
from common.ticks import every
from environments.context import Environments, context_of
from environments.service_layer import machines
from environments.service_layer.sweeper import sweep_once

log = get_logger(__name__)
MACHINES_CHECK_SECONDS = 5.0


async def sweep_forever(runtime: Runtime) -> None:
    service = context_of(runtime)
    awake_since = await service.index.now()
    await every(service.settings.sweep_seconds, lambda: sweep_once(service.run, service.index, service.settings,
                                                                   awake_since), "sweep_failed")  # fmt: skip


async def bring_agents_back(runtime: Runtime) -> None:
    service = context_of(runtime)
    await every(service.settings.agent_check_seconds, lambda: bring_agents_back_once(service),
                "agents_not_brought_back")  # fmt: skip


async def bring_agents_back_once(service: Environments) -> None:
    """Every environment that should have an agent and has none gets one launched again."""
    for environment_id in await machines.without_agents(service.index, service.driver):
        await machines.relaunch(service.run, service.machines, environment_id)


async def keep_machines_up(runtime: Runtime) -> None:
    """A host that died is started again, and brings back the agents whose launches it kept on disk."""
    await every(MACHINES_CHECK_SECONDS, context_of(runtime).driver.start, "machines_not_started", wait_first=False)
