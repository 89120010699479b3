"""A c_env's instance type from its creation to a resize, across real processes (decision 88): the environments
service launches the agent on the type the environment was created with and the agent names it in its refresh
(A200) as it starts; when the agent names another (its machine scaled up), the scheduler notes the resize and
publishes it, and environments' own view through the gateway shows the type it runs on now."""

from __future__ import annotations

import json
import uuid
from typing import Any

from common import credentials
from tests.support.api import Api
from tests.support.platform import Platform
from tests.support.waiting import eventually

ON_AWS = {"name": "resized", "cloud_provider": "aws", "region": "eu-west-1", "instance_type": "c5.large"}


async def test_the_agent_tells_the_type_it_was_launched_on_and_a_resize_it_tells_is_what_environments_shows(
    platform: Platform, broadcaster: tuple[Api, dict[str, Any]], internal_key: str
) -> None:
    api, _ = broadcaster
    environment_id = (await api.post("/api/customer_environment", ON_AWS)).ok(201)["id"]
    path = f"/api/customer_environment/{environment_id}"

    async def told(instance_type: str) -> None:
        refreshed = [json.loads(line) for line in platform.agent_log(environment_id).splitlines()
                     if "schedule_refresh_requested" in line]  # fmt: skip
        assert [(r["status"], r["instance_type"]) for r in refreshed] == [(200, instance_type)], refreshed

    await eventually(lambda: told("c5.large"), within=45)
    assert (await api.get(path)).ok()["instance_type"] == "c5.large"

    agent = api.as_(credentials.agent_credential(internal_key.encode(), uuid.UUID(environment_id)))
    scaled_up = await agent.post(f"{path}/schedules/refresh", {"instance_type": "c5.xlarge"})
    assert scaled_up.status == 200, scaled_up.body

    async def shows(instance_type: str) -> None:
        assert (await api.get(path)).ok()["instance_type"] == instance_type

    await eventually(lambda: shows("c5.xlarge"), within=20)
    history = (await api.get(f"{path}/history?limit=100")).ok()["objects"]
    assert [line["event"] for line in history].count("Resized") == 1, history
