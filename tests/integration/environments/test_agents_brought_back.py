"""An environment whose agent is gone gets one again from the driver, and works as before."""

from __future__ import annotations

import uuid

from environments.adapters.provisioning import LocalDriver
from environments.entrypoints.workers import bring_agents_back_once
from tests.integration.environments.conftest import EnvironmentsUnderTest, new_organisation
from tests.support.waiting import eventually


async def test_a_stopped_environment_whose_machine_was_destroyed_comes_back_stopped_and_starts(
    environments: EnvironmentsUnderTest,
) -> None:
    admin = environments.admin_of(new_organisation())
    environment_id = await environments.create(admin)
    await environments.wait_for(admin, environment_id, "running")
    (await environments.call(admin, "POST", f"/api/customer_environment/{environment_id}/stop")).ok(202)
    await environments.wait_for(admin, environment_id, "stopped")
    driver = environments.context.driver
    assert isinstance(driver, LocalDriver)
    await driver.terminate(uuid.UUID(environment_id))  # the machine and the launch it kept are gone
    assert uuid.UUID(environment_id) not in await driver.running()

    await bring_agents_back_once(environments.context)
    assert uuid.UUID(environment_id) in await driver.running()
    history = await environments.call(admin, "GET", f"/api/customer_environment/{environment_id}/history")
    assert "AgentRelaunched" in [h["event"] for h in history.ok()["objects"]]

    async def stopped_and_well() -> None:
        status = await environments.call(admin, "GET", f"/api/status/customer_environment/{environment_id}/")
        body = status.ok()
        assert (body["state"], body["media_state"], body["health"]) == ("stopped", "stopped", "ok"), body

    await eventually(stopped_and_well, within=30)
    (await environments.call(admin, "POST", f"/api/customer_environment/{environment_id}/start")).ok(202)
    await environments.wait_for(admin, environment_id, "running")
    await environments.call(admin, "DELETE", f"/api/customer_environment/{environment_id}")
    await environments.wait_for(admin, environment_id, "deleted")
