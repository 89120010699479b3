"""Provisioning that times out, agents that go silent or come back in the wrong state, messages from strangers."""

from __future__ import annotations

import uuid

import aio_pika
from yarl import URL

from cenv_agent.contract.hosting import AgentLaunch
from cenv_agent.contract.messages import AgentHeartbeat, Load
from common.bus.publisher import Publisher
from common.bus.topology import CENV_EVENTS, dead_letter_queue
from common.contracts import envelope_for
from environments.adapters.broker import agent_user
from environments.adapters.provisioning import LocalDriver
from gateway.contract.events import OrganisationDeleted
from tests.integration.environments.conftest import EnvironmentsUnderTest, new_organisation
from tests.support.bus import count_ready
from tests.support.waiting import eventually


async def test_provisioning_that_never_reports_fails_with_a_reason_and_a_retry_succeeds(
    environments: EnvironmentsUnderTest,
) -> None:
    admin = environments.admin_of(new_organisation())
    broker = environments.context.broker
    reachable = broker.agent_base
    broker.agent_base = reachable.with_port(1)  # this machine cannot reach the broker
    try:
        environment_id = await environments.create(admin)
        failed = await environments.wait_for(admin, environment_id, "failed")
        assert "did not report" in failed["state_reason"]
    finally:
        broker.agent_base = reachable
    retried = await environments.call(admin, "POST", f"/api/customer_environment/{environment_id}/start")
    assert retried.ok(202)["state"] in ("requested", "provisioning")
    running = await environments.wait_for(admin, environment_id, "running")
    assert running["provisioning_attempts"] == 2
    await _delete(environments, admin, environment_id)


async def test_a_silent_agent_makes_the_environment_unreachable_and_a_heartbeat_recovers_it(
    environments: EnvironmentsUnderTest,
) -> None:
    admin = environments.admin_of(new_organisation())
    environment_id = await environments.create(admin)
    await environments.wait_for(admin, environment_id, "running")
    host = environments.host_process(environment_id)  # the machine freezes, and every agent on it
    host.suspend()
    try:
        await eventually(lambda: _health(environments, admin, environment_id, "unreachable"), within=20)
    finally:
        host.resume()
    await eventually(lambda: _health(environments, admin, environment_id, "ok"), within=20)
    await _delete(environments, admin, environment_id)


async def test_an_agent_restarted_in_the_wrong_state_is_reconciled(environments: EnvironmentsUnderTest) -> None:
    admin = environments.admin_of(new_organisation())
    environment_id = await environments.create(admin)
    await environments.wait_for(admin, environment_id, "running")
    driver = environments.context.driver
    assert isinstance(driver, LocalDriver)
    state_dir = driver.host_for(uuid.UUID(environment_id)).directory / environment_id
    launch = AgentLaunch.model_validate_json((state_dir / "launch.json").read_text())
    await driver.terminate(uuid.UUID(environment_id))  # the machine goes down
    await environments.call(admin, "POST", f"/api/customer_environment/{environment_id}/stop")
    # the stop is chased until it expires ...
    await eventually(lambda: _happened(environments, admin, environment_id, "CommandExpired"), within=30)
    # ... and the machine comes back with its media gateway running and no stop waiting for it
    async with await aio_pika.connect(environments.runtime.settings.amqp_url) as connection:
        channel = await connection.channel()
        await (await channel.declare_queue(launch.command_queue, passive=True)).purge()
    (state_dir / "state.json").write_text((state_dir / "state.json").read_text().replace('"stopped"', '"running"'))
    await driver.launch(launch)
    try:
        await environments.wait_for(admin, environment_id, "stopped", within=40)
        status = await environments.call(admin, "GET", f"/api/status/customer_environment/{environment_id}/")
        assert status.ok()["media_state"] == "stopped"
        history = await environments.call(admin, "GET", f"/api/customer_environment/{environment_id}/history")
        reasons = [h["reason"] for h in history.ok()["objects"] if h["event"] == "LifecycleCommandIssued"]
        assert reasons == [None, "reconcile"]
    finally:
        await _delete(environments, admin, environment_id)


async def test_reports_from_unknown_or_forged_senders_are_dead_lettered(
    environments: EnvironmentsUnderTest, amqp_url: str
) -> None:
    queue = "environments.agent-events"
    before = await _dead(environments, queue)
    stranger = uuid.uuid4()
    heartbeat = AgentHeartbeat(environment_id=stranger, boot_id=uuid.uuid4(), media_state="running",
                               load=Load(cpu_percent=1, memory_rss_bytes=1))  # fmt: skip
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(CENV_EVENTS)
        body = envelope_for(heartbeat, producer="test", correlation_id="c").to_bytes()
        await exchange.publish(aio_pika.Message(body, type=AgentHeartbeat.TYPE), f"{stranger}.{AgentHeartbeat.TYPE}")
        forged = aio_pika.Message(body, user_id=URL(amqp_url).user, type=AgentHeartbeat.TYPE)
        await exchange.publish(forged, f"{stranger}.{AgentHeartbeat.TYPE}")
    await eventually(lambda: _dead_at_least(environments, queue, before + 2))
    assert agent_user(stranger) != URL(amqp_url).user


async def test_deleting_an_organisation_deletes_its_environments(environments: EnvironmentsUnderTest) -> None:
    organisation_id = new_organisation()
    admin = environments.admin_of(organisation_id)
    environment_id = await environments.create(admin)
    await environments.wait_for(admin, environment_id, "running")
    publisher = Publisher("gateway")
    await publisher.open(environments.runtime.connection)
    await publisher.publish(OrganisationDeleted(organisation_id=organisation_id), correlation_id="org-gone")
    await publisher.close()
    await environments.wait_for(admin, environment_id, "deleted")


async def _health(environments: EnvironmentsUnderTest, admin: object, environment_id: str, expected: str) -> None:
    body = (await environments.call(admin, "GET", f"/api/customer_environment/{environment_id}")).ok()  # type: ignore[arg-type]
    assert body["health"] == expected, body


async def _happened(environments: EnvironmentsUnderTest, admin: object, environment_id: str, event: str) -> None:
    history = await environments.call(admin, "GET", f"/api/customer_environment/{environment_id}/history")  # type: ignore[arg-type]
    assert event in [h["event"] for h in history.ok()["objects"]]


async def _dead(environments: EnvironmentsUnderTest, queue: str) -> int:
    return await count_ready(environments.runtime.connection, dead_letter_queue(queue))


async def _dead_at_least(environments: EnvironmentsUnderTest, queue: str, expected: int) -> None:
    assert await _dead(environments, queue) >= expected


async def _delete(environments: EnvironmentsUnderTest, admin: object, environment_id: str) -> None:
    await environments.call(admin, "DELETE", f"/api/customer_environment/{environment_id}")  # type: ignore[arg-type]
    await environments.wait_for(admin, environment_id, "deleted")  # type: ignore[arg-type]
