"""Full alert sets reach the c_env: a real agent process, with its own broker user, holds the newest set of its
environment's non-muted, non-deleted alerts on its disk as alerts change, and after a restart without its disk
comes back holding it; the agent's own route (A114) answers the set and pushes it again."""

from __future__ import annotations

import contextlib
import json
import shutil
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from common.http.principal import Principal
from environments.adapters.broker import AgentBroker
from tests.integration.alerts.conftest import AlertsUnderTest
from tests.integration.alerts.test_alerts import ALERTS, rule
from tests.integration.scheduler.test_agent_holds_the_set import AgentProcess
from tests.support.service_under_test import member_of, new_organisation
from tests.support.waiting import eventually


class AlertAgent(AgentProcess):
    def alerts(self) -> dict[str, Any]:
        with contextlib.suppress(FileNotFoundError, ValueError):
            return dict(json.loads((self.state_dir / "alerts.json").read_text()))
        return {"version": 0, "alerts": []}


@pytest.fixture
async def agent(
    alerts: AlertsUnderTest, management_url: str, amqp_url: str, internal_key: str, tmp_path: Path
) -> AsyncIterator[tuple[Principal, AlertAgent]]:
    admin = member_of(new_organisation())
    assert admin.managing_organisation_id
    environment_id = await alerts.environment(admin.managing_organisation_id)
    for input_id in ("cam-1", "cam-2"):
        await alerts.endpoint("input", admin.managing_organisation_id, environment_id, input_id)
    broker = AgentBroker(management_url, amqp_url, None, 5, internal_key.encode())
    account = await broker.grant(alerts.runtime.connection, environment_id)
    process = AlertAgent(environment_id, account.amqp_url.get_secret_value(), account.command_queue, tmp_path)
    process.start()
    yield admin, process
    process.stop()
    await broker.revoke(alerts.runtime.connection, environment_id)


async def _holds(alerts: AlertsUnderTest, process: AlertAgent, alert_ids: list[str]) -> int:
    async def check() -> int:
        row = await alerts.runtime.pool.fetchrow(
            "SELECT version, applied FROM alerts.full_sets WHERE set_kind = 'alerts' AND target_id = $1",
            process.environment_id,
        )
        held = process.alerts()
        assert row is not None and held["version"] == row["version"] == row["applied"], (dict(row or {}), held)
        assert sorted(a["alert_id"] for a in held["alerts"]) == sorted(alert_ids)
        return int(row["version"])

    return int(await eventually(check, within=30))


async def test_the_agent_holds_the_newest_set_and_gets_it_back_after_losing_its_disk(
    alerts: AlertsUnderTest, agent: tuple[Principal, AlertAgent]
) -> None:
    admin, process = agent
    method_id = await alerts.create(admin, "Mail")
    body = {"environment_id": str(process.environment_id), "input_ids": ["cam-1", "cam-2"],
            "alert_method_id": method_id, **rule()}  # fmt: skip
    first, second = [a["id"] for a in (await alerts.call(admin, "POST", ALERTS, body)).ok(201)["objects"]]
    (await alerts.call(admin, "POST", f"{ALERTS}/mute", {"alert_ids": [first]})).ok(204)
    version = await _holds(alerts, process, [second])
    assert version == 2

    process.stop()
    shutil.rmtree(process.state_dir)
    process.start()
    assert await _holds(alerts, process, [second]) == version

    as_agent = Principal(kind="agent", environment_id=process.environment_id)
    fetched = (await alerts.call(as_agent, "POST", f"/api/customer_environment/{process.environment_id}/alerts/"
                                 "refresh")).ok()  # fmt: skip
    assert fetched["version"] == version and [a["alert_id"] for a in fetched["alerts"]] == [second]
    other = Principal(kind="agent", environment_id=uuid.uuid4())
    reply = await alerts.call(other, "POST", f"/api/customer_environment/{process.environment_id}/alerts/refresh")
    assert reply.status == 404
