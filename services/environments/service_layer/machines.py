"""Bringing back what the provisioning driver should run: an agent for every environment that needs one.

Hosts that restart resume the agents whose launches they kept on disk; this covers the rest (a disk
lost, an agent that gave up on the broker): each environment that should have an agent and has
none gets one launched again, with a fresh broker account, keeping what its agent keeps on disk, on the instance
type the environment runs on now (the requested one, or the one its agent last told, decision 88).
"""

from __future__ import annotations

import uuid

from common.logging import get_logger
from common.unit_of_work import Runner
from environments.adapters.provisioning import ProvisioningDriver
from environments.domain import decisions
from environments.domain.lifecycle import RELAUNCHED
from environments.service_layer.ports import Index
from environments.service_layer.provisioning import Machines
from environments.service_layer.units import decide_on, load

log = get_logger(__name__)


async def without_agents(index: Index, driver: ProvisioningDriver) -> list[uuid.UUID]:
    wanted = await index.in_states(RELAUNCHED)
    running = await driver.running()
    return [environment_id for environment_id in wanted if environment_id not in running]


async def relaunch(run: Runner, machines: Machines, environment_id: uuid.UUID) -> None:
    """In the environment's turn, as provisioning and decommissioning are: a deletion under way either finished
    first (and nothing is launched) or waits for this launch (and then shuts it down)."""
    async with machines.turn(environment_id):
        env = await run(lambda work: load(work, environment_id))
        if env.state not in RELAUNCHED:
            return
        log.warning("agent_missing_relaunching", environment_id=str(environment_id), state=env.state)
        await machines.launch(environment_id, env.instance_type)
        await run(lambda work: decide_on(work, environment_id, decisions.relaunched))
