"""Every waiting state resolves after its deadline (shortened in these tests' settings), with real agents."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest

from cenv_agent.contract.hosting import AgentLaunch
from environments.adapters.provisioning import ProvisioningDriver, ProvisioningError
from tests.integration.environments.conftest import EnvironmentsUnderTest, new_organisation
from tests.support.waiting import eventually


class HeldDriver:
    """The real driver, except that launches wait until released and terminations fail while ``broken``."""

    def __init__(self, driver: ProvisioningDriver) -> None:
        self.driver = driver
        self.released = asyncio.Event()
        self.broken = False

    async def launch(self, launch: AgentLaunch) -> None:
        await self.released.wait()
        await self.driver.launch(launch)

    async def terminate(self, environment_id: uuid.UUID) -> None:
        if self.broken:
            raise ProvisioningError("the cloud is not answering")
        await self.driver.terminate(environment_id)

    async def running(self) -> set[uuid.UUID]:
        return await self.driver.running()

    async def start(self) -> None:
        await self.driver.start()

    async def close(self) -> None:
        pass


@pytest.fixture
async def held(environments: EnvironmentsUnderTest) -> AsyncIterator[HeldDriver]:
    context = environments.context
    held = HeldDriver(context.driver)
    context.driver = held
    try:
        yield held
    finally:
        held.released.set()
        context.driver = held.driver


async def test_a_creation_whose_machine_does_not_start_in_time_fails_and_can_be_started_again(
    environments: EnvironmentsUnderTest, held: HeldDriver
) -> None:
    admin = environments.admin_of(new_organisation())
    environment_id = await environments.create(admin)
    failed = await environments.wait_for(admin, environment_id, "failed", within=60)
    assert "did not start within" in failed["state_reason"]
    held.released.set()  # the late launch of the first attempt changes nothing
    (await environments.call(admin, "POST", f"/api/customer_environment/{environment_id}/start")).ok(202)
    await environments.wait_for(admin, environment_id, "running")
    await _delete(environments, admin, environment_id)


async def test_a_stop_no_agent_confirms_goes_back_to_running_and_the_agent_is_brought_in_line(
    environments: EnvironmentsUnderTest,
) -> None:
    admin = environments.admin_of(new_organisation())
    environment_id = await environments.create(admin)
    await environments.wait_for(admin, environment_id, "running")
    host = environments.host_process(environment_id)
    host.suspend()  # the machine freezes with the stop waiting in its queue
    try:
        (await environments.call(admin, "POST", f"/api/customer_environment/{environment_id}/stop")).ok(202)
        await eventually(lambda: _happened(environments, admin, environment_id, "TransitionReverted"), within=60)
        reverted = await environments.wait_for(admin, environment_id, "running")
        assert "confirmed" in reverted["state_reason"]
    finally:
        host.resume()
    # the agent wakes, applies the stop it finds queued, and is told to start again: running is what stands
    await eventually(lambda: _running_and_well(environments, admin, environment_id), within=60)
    (await environments.call(admin, "POST", f"/api/customer_environment/{environment_id}/stop")).ok(202)
    await environments.wait_for(admin, environment_id, "stopped")
    await _delete(environments, admin, environment_id)


async def test_a_deletion_whose_decommissioning_fails_is_asked_for_again_until_it_is_done(
    environments: EnvironmentsUnderTest, held: HeldDriver
) -> None:
    admin = environments.admin_of(new_organisation())
    held.released.set()
    environment_id = await environments.create(admin)
    await environments.wait_for(admin, environment_id, "running")
    held.broken = True
    (await environments.call(admin, "DELETE", f"/api/customer_environment/{environment_id}")).ok(202)
    await eventually(lambda: _asked_again(environments, admin, environment_id), within=60)
    held.broken = False
    await environments.wait_for(admin, environment_id, "deleted", within=60)


async def _asked_again(environments: EnvironmentsUnderTest, admin: object, environment_id: str) -> None:
    history = await environments.call(admin, "GET", f"/api/customer_environment/{environment_id}/history")  # type: ignore[arg-type]
    reasons = [h["reason"] for h in history.ok()["objects"] if h["event"] == "DecommissionRequested"]
    assert any("asked again" in (reason or "") for reason in reasons), reasons


async def _happened(environments: EnvironmentsUnderTest, admin: object, environment_id: str, event: str) -> None:
    history = await environments.call(admin, "GET", f"/api/customer_environment/{environment_id}/history")  # type: ignore[arg-type]
    assert event in [h["event"] for h in history.ok()["objects"]]


async def _running_and_well(environments: EnvironmentsUnderTest, admin: object, environment_id: str) -> None:
    status = await environments.call(admin, "GET", f"/api/status/customer_environment/{environment_id}/")  # type: ignore[arg-type]
    body = status.ok()
    assert (body["state"], body["media_state"], body["health"]) == ("running", "running", "ok"), body


async def _delete(environments: EnvironmentsUnderTest, admin: object, environment_id: str) -> None:
    await environments.call(admin, "DELETE", f"/api/customer_environment/{environment_id}")  # type: ignore[arg-type]
    await environments.wait_for(admin, environment_id, "deleted")  # type: ignore[arg-type]
