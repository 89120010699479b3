"""The instance type an environment runs on (decision 88), on Postgres and RabbitMQ with the local driver's real agent
hosts: its agent is launched on the type it was created with and tells it as it starts (A200, here to a stand-in
gateway); a resize the scheduler publishes (``scheduler.EnvironmentResized``) is what the environment then shows,
an overtaken or repeated one changing nothing."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from common.bus.publisher import Publisher
from environments.config import EnvironmentsSettings
from scheduler.contract.events import EnvironmentResized
from tests.integration.environments.conftest import EnvironmentsUnderTest, new_organisation
from tests.support.waiting import eventually

ON_AWS = {"name": "sized", "cloud_provider": "aws", "region": "eu-west-1", "instance_type": "c5.large"}


@pytest.fixture
async def gateway(
    environments: EnvironmentsUnderTest, environments_settings: EnvironmentsSettings, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[list[tuple[str, Any]]]:
    """A stand-in gateway the agents launched meanwhile call: the refreshes (A200) it heard, by environment."""
    heard: list[tuple[str, Any]] = []

    async def refresh(request: web.Request) -> web.Response:
        heard.append((request.match_info["environment_id"], await request.json() if request.body_exists else None))
        return web.json_response({"environment_id": request.match_info["environment_id"], "version": 0})

    app = web.Application()
    app.router.add_post("/api/customer_environment/{environment_id}/schedules/refresh", refresh)
    server = TestServer(app)
    await server.start_server()
    monkeypatch.setattr(environments_settings, "gateway_url", str(server.make_url("")).rstrip("/"))
    yield heard
    await server.close()


async def test_an_agent_is_launched_on_its_environments_instance_type_and_tells_it(
    environments: EnvironmentsUnderTest, gateway: list[tuple[str, Any]]
) -> None:
    admin = environments.admin_of(new_organisation())
    environment_id = str((await environments.call(admin, "POST", "/api/customer_environment", ON_AWS)).ok(201)["id"])
    await environments.wait_for(admin, environment_id, "running")

    async def told() -> None:
        assert (environment_id, {"instance_type": "c5.large"}) in gateway, gateway

    await eventually(told, within=30)


async def resized(environments: EnvironmentsUnderTest, organisation_id: int, environment_id: str,
                  *changes: tuple[str, int]) -> None:  # fmt: skip
    publisher = Publisher("scheduler")
    await publisher.open(environments.runtime.connection)
    for instance_type, version in changes:
        await publisher.publish(EnvironmentResized(organisation_id=organisation_id,
                                                   environment_id=uuid.UUID(environment_id),
                                                   instance_type=instance_type, version=version),
                                correlation_id="resize-test")  # fmt: skip
    await publisher.close()


async def test_a_resize_the_scheduler_publishes_is_the_type_the_environment_shows(
    environments: EnvironmentsUnderTest,
) -> None:
    organisation_id = new_organisation()
    admin = environments.admin_of(organisation_id)
    environment_id = str((await environments.call(admin, "POST", "/api/customer_environment", ON_AWS)).ok(201)["id"])
    await environments.wait_for(admin, environment_id, "running")
    path = f"/api/customer_environment/{environment_id}"

    async def shows(instance_type: str) -> None:
        assert (await environments.call(admin, "GET", path)).ok()["instance_type"] == instance_type

    await shows("c5.large")
    await resized(environments, organisation_id, environment_id, ("c5.xlarge", 3))
    await eventually(lambda: shows("c5.xlarge"), within=20)
    # an older resize overtaken by the one noted, the noted one delivered again as a new message, then a newer one
    await resized(environments, organisation_id, environment_id, ("c5.2xlarge", 2), ("c5.xlarge", 3), ("c5.large", 5))
    await eventually(lambda: shows("c5.large"), within=20)
    history = (await environments.call(admin, "GET", f"{path}/history?limit=100")).ok()["objects"]
    assert [line["event"] for line in history].count("Resized") == 2, history
