"""An agent for every environment that needs one: the driver's missing agents are launched again."""

from __future__ import annotations

from cenv_agent.contract.messages import ShutdownAgent
from environments.adapters.commands import DecommissionEnvironment
from environments.domain import events as e
from environments.service_layer import lifecycle, machines, provisioning
from tests.unit.environments.service import InMemoryService


async def bring_agents_back(service: InMemoryService) -> None:
    for environment_id in await machines.without_agents(service.index, service.driver):
        await machines.relaunch(service.run, service.machines, environment_id)


async def test_an_environment_whose_agent_is_gone_gets_one_again_with_a_fresh_account() -> None:
    service = InMemoryService()
    running, stopped = await service.running(), await service.running()
    await lifecycle.act(service.run, stopped, "stop")
    first_account = service.accounts.granted[running]
    service.driver.launched.clear()  # the machine lost its disk, say
    await bring_agents_back(service)
    assert set(service.driver.launched) == {running, stopped}
    assert service.accounts.granted[running] != first_account
    assert isinstance((await service.events(running))[-1], e.AgentRelaunched)
    assert (await service.env(stopped)).state == "stopping", "relaunching changes no state"


async def test_agents_running_or_not_wanted_are_left_alone() -> None:
    service = InMemoryService()
    alive, deleting, deleted = await service.running(), await service.running(), await service.running()
    await lifecycle.act(service.run, deleting, "delete")
    assert isinstance((await service.sent(deleting))[-1], ShutdownAgent)
    gone = DecommissionEnvironment(environment_id=deleted)
    await provisioning.decommission(service.run, service.run, service.machines, gone)
    service.driver.launched.pop(deleting)
    launches = dict(service.driver.launched)
    await bring_agents_back(service)
    assert service.driver.launched == launches and alive in launches
    for environment_id in (alive, deleting, deleted):
        assert not [x for x in await service.events(environment_id) if isinstance(x, e.AgentRelaunched)]


async def test_an_agent_is_launched_on_the_requested_instance_type_and_relaunched_on_the_one_it_last_told() -> None:
    service = InMemoryService()
    environment_id = await service.running()
    assert service.driver.launched[environment_id].instance_type == "standard"
    await service.run(lambda work: lifecycle.resized(work, environment_id, "large", 3))
    service.driver.launched.clear()
    await bring_agents_back(service)
    assert service.driver.launched[environment_id].instance_type == "large"
