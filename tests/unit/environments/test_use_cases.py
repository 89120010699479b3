"""Users' use cases and the provisioning commands, on the in-memory store: no Postgres, no broker, no agent."""

from __future__ import annotations

import asyncio
import uuid

import aiormq
import pytest

from cenv_agent.contract.hosting import AgentLaunch
from cenv_agent.contract.messages import ShutdownAgent, StopEnvironment
from common import credentials
from common.bus.consumer import Unprocessable
from common.errors import Conflict, Forbidden, Invalid, NotFound
from common.http.principal import Principal
from environments.adapters.commands import DecommissionEnvironment, ProvisionEnvironment
from environments.contract import events as published
from environments.domain.environment import stream_id
from environments.service_layer import lifecycle, provisioning
from tests.unit.environments.service import InMemoryService


async def test_creating_records_the_request_for_the_managing_organisation_and_asks_for_a_machine() -> None:
    service = InMemoryService()
    environment_id = await service.create(organisation_id=42)
    env = await service.env(environment_id)
    assert (env.state, env.organisation_id, env.attempt) == ("requested", 42, 1)
    assert {r.metadata["organisation_id"] for r in await service.run.store.load(stream_id(environment_id))} == {42}
    sent = await service.sent(environment_id)
    assert [type(m) for m in sent] == [published.EnvironmentRequested, ProvisionEnvironment]


@pytest.mark.parametrize(
    ("provider", "region", "instance_type", "field"),
    [("mars", "local-1", "standard", "cloud_provider"), ("local", "mars-1", "standard", "region"),
     ("local", "local-1", "huge", "instance_type")],
)  # fmt: skip
async def test_creating_outside_the_catalogue_is_invalid_naming_the_field(
    provider: str, region: str, instance_type: str, field: str
) -> None:
    service = InMemoryService()
    admin = Principal(kind="user", user_id=uuid.uuid4(), managing_organisation_id=7, managing_role="admin")
    with pytest.raises(Invalid) as refused:
        await lifecycle.create(service.run, service.catalogue, admin, "studio", provider, region, instance_type)
    assert refused.value.field == field
    assert service.run.store.committed == []


async def test_creating_needs_a_managing_organisation() -> None:
    service, nobody = InMemoryService(), Principal(kind="user", user_id=uuid.uuid4())
    with pytest.raises(Forbidden):
        await lifecycle.create(service.run, service.catalogue, nobody, "studio", "local", "local-1", "standard")


async def test_stopping_a_running_environment_sends_its_agent_a_stop() -> None:
    service = InMemoryService()
    environment_id = await service.running()
    await lifecycle.act(service.run, environment_id, "stop")
    assert (await service.env(environment_id)).state == "stopping"
    assert isinstance((await service.sent(environment_id))[-1], StopEnvironment)
    with pytest.raises(Conflict, match="stopping"):
        await lifecycle.act(service.run, environment_id, "restart")
    with pytest.raises(NotFound):
        await lifecycle.act(service.run, uuid.uuid4(), "stop")


async def test_only_the_first_read_of_a_running_environment_acknowledges_its_creation() -> None:
    service = InMemoryService()
    waiting = await service.create()
    assert not await lifecycle.acknowledge_creation(service.run, waiting, uuid.uuid4())
    environment_id = await service.running()
    assert await lifecycle.acknowledge_creation(service.run, environment_id, uuid.uuid4())
    assert not await lifecycle.acknowledge_creation(service.run, environment_id, uuid.uuid4())


async def test_an_organisation_deleted_takes_its_environments_and_only_its_own() -> None:
    service = InMemoryService()
    running, requested, theirs = await service.running(7), await service.create(7), await service.running(8)
    await service.run(lambda work: lifecycle.organisation_deleted(work, service.index, 7))
    assert [(await service.env(i)).state for i in (running, requested, theirs)] == ["deleting", "deleting", "running"]
    assert isinstance((await service.sent(running))[-1], ShutdownAgent)
    assert isinstance((await service.sent(requested))[-1], DecommissionEnvironment)


async def test_provisioning_launches_the_agent_with_its_own_account_and_credential() -> None:
    service = InMemoryService()
    environment_id = await service.create()
    await service.provision(environment_id)
    launch = service.driver.launched[environment_id]
    assert launch.amqp_url.get_secret_value() == service.accounts.granted[environment_id]
    assert launch.api_key.get_secret_value() == credentials.agent_credential(b"internal-key", environment_id)
    assert (await service.env(environment_id)).state == "provisioning"


async def test_a_broker_blip_while_provisioning_delays_the_creation_but_does_not_fail_it() -> None:
    service = InMemoryService()
    blip = aiormq.exceptions.ConnectionClosed(320, "CONNECTION_FORCED - Closed via management plugin")
    service.accounts.faults += [blip, blip]
    environment_id = await service.create()
    await service.provision(environment_id)
    assert (await service.env(environment_id)).state == "provisioning"
    assert environment_id in service.driver.launched and service.naps.taken == [0.5, 1.0]


async def test_a_machine_that_keeps_failing_to_start_fails_the_environment_with_the_reason() -> None:
    service = InMemoryService()
    service.driver.faults += [RuntimeError("no capacity in local-1")] * 4
    environment_id = await service.create()
    await service.provision(environment_id)
    env = await service.env(environment_id)
    assert (env.state, service.driver.launched) == ("failed", {})
    assert (await service.events(environment_id))[-1].reason == "no capacity in local-1"  # type: ignore[attr-defined]
    assert service.naps.taken == [0.5, 1.0, 2.0], "tried four times, waiting longer each time"


async def test_a_stale_provisioning_command_starts_nothing() -> None:
    service = InMemoryService()
    service.driver.faults += [RuntimeError("no capacity")] * 4
    environment_id = await service.create()
    await service.provision(environment_id)
    await lifecycle.act(service.run, environment_id, "start")
    stale = ProvisionEnvironment(environment_id=environment_id, attempt=1)
    await provisioning.provision(service.run, service.run, service.machines, stale)
    assert service.driver.launched == {} and (await service.env(environment_id)).state == "requested"


async def test_a_command_redelivered_while_the_first_copy_still_works_launches_one_agent() -> None:
    """The copies take the environment's turn one after the other; the second finds the work done."""
    service = InMemoryService()
    environment_id = await service.create()
    launches: list[uuid.UUID] = []
    launch = service.driver.launch

    async def counted(agent: AgentLaunch) -> None:
        launches.append(agent.environment_id)
        await launch(agent)

    service.driver.launch = counted  # type: ignore[method-assign]
    await asyncio.gather(service.provision(environment_id), service.provision(environment_id))
    assert launches == [environment_id] and (await service.env(environment_id)).state == "provisioning"


async def test_decommissioning_releases_the_machine_and_the_account_then_the_environment_is_deleted() -> None:
    service = InMemoryService()
    environment_id = await service.running()
    command = DecommissionEnvironment(environment_id=environment_id)
    await provisioning.decommission(service.run, service.run, service.machines, command)
    assert environment_id in service.driver.terminated and environment_id in service.accounts.revoked
    assert (await service.env(environment_id)).state == "deleted"
    with pytest.raises(Unprocessable):
        unknown = DecommissionEnvironment(environment_id=uuid.uuid4())
        await provisioning.decommission(service.run, service.run, service.machines, unknown)
