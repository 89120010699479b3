"""One agent cannot hurt everyone: its flood is dropped before it costs a transaction, its oversized messages never
reach a dead-letter queue, and every dead-letter queue is bounded."""

from __future__ import annotations

import asyncio
import json
import time
import uuid

import aio_pika
from aiormq.abc import DeliveredMessage
from prometheus_client import REGISTRY
from yarl import URL

from cenv_agent.contract.messages import AgentHeartbeat, Load
from common.bus.management import RabbitManagement, vhost_of
from common.bus.topology import CENV_EVENTS, DEAD_LETTER_BOUNDS, dead_letter_queue, dead_letters_waiting
from common.contracts import envelope_for
from environments.adapters.provisioning import LocalDriver
from environments.contract import AGENT_REPORTS
from tests.integration.environments.conftest import EnvironmentsUnderTest, new_organisation

QUEUE = AGENT_REPORTS.queue


def dropped(reason: str) -> float:
    labels = {"service": "environments", "queue": QUEUE, "reason": reason}
    return REGISTRY.get_sample_value("switchyard_messages_dropped_total", labels) or 0.0


async def running_environment(environments: EnvironmentsUnderTest) -> tuple[object, str]:
    admin = environments.admin_of(new_organisation())
    environment_id = await environments.create(admin)
    await environments.wait_for(admin, environment_id, "running")
    return admin, environment_id


def agent_url(environments: EnvironmentsUnderTest, environment_id: str) -> str:
    """The agent's own broker credentials, from its disk (what a compromised c_env would have)."""
    driver = environments.context.driver
    assert isinstance(driver, LocalDriver)
    launch = driver.host_for(uuid.UUID(environment_id)).directory / environment_id / "launch.json"
    return str(json.loads(launch.read_text())["amqp_url"])


async def flood(url: str, environment_id: str, bodies: list[bytes]) -> float:
    """Publish ``bodies`` as the agent, as fast as the broker confirms them; returns the seconds it took."""
    started = time.monotonic()
    async with await aio_pika.connect(url) as connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(CENV_EVENTS, ensure=False)
        user = URL(url).user
        key = f"{environment_id}.{AgentHeartbeat.TYPE}"
        results = await asyncio.gather(
            *(exchange.publish(aio_pika.Message(b, user_id=user), key, timeout=30) for b in bodies)
        )
    assert not any(isinstance(r, DeliveredMessage) for r in results), "the platform's queue took every message"
    return time.monotonic() - started


def heartbeat(environment_id: str) -> bytes:
    beat = AgentHeartbeat(environment_id=uuid.UUID(environment_id), boot_id=uuid.uuid4(), media_state="running",
                          load=Load(cpu_percent=1, memory_rss_bytes=1))  # fmt: skip
    return envelope_for(beat, producer="cenv_agent", correlation_id="flood").to_bytes()


async def test_a_flood_of_valid_heartbeats_is_dropped_and_another_tenant_is_served(
    environments: EnvironmentsUnderTest,
) -> None:
    (_, flooder), (other_admin, other) = await asyncio.gather(
        running_environment(environments), running_environment(environments)
    )
    settings = environments.context.settings
    before = dropped("throttled")
    flooding = asyncio.create_task(flood(agent_url(environments, flooder), flooder, [heartbeat(flooder)] * 2000))
    stopping = await environments.call(other_admin, "POST", f"/api/customer_environment/{other}/stop")  # type: ignore[arg-type]
    assert stopping.ok(202)["state"] == "stopping"
    await environments.wait_for(other_admin, other, "stopped")  # type: ignore[arg-type]
    seconds = await flooding
    await _eventually_dropped(
        before, 2000 - settings.agent_message_burst - settings.agent_messages_per_second * seconds
    )


async def test_oversized_messages_from_an_agent_never_reach_a_dead_letter_queue(
    environments: EnvironmentsUnderTest,
) -> None:
    _, environment_id = await running_environment(environments)
    connection = environments.runtime.connection
    waiting, before = await dead_letters_waiting(connection, QUEUE), dropped("too_large")
    await flood(agent_url(environments, environment_id), environment_id, [b"{" * 2**20] * 20)
    await _eventually(lambda: dropped("too_large") - before >= 20)
    assert await dead_letters_waiting(connection, QUEUE) == waiting


async def test_every_dead_letter_queue_is_bounded(environments: EnvironmentsUnderTest, management_url: str) -> None:
    vhost = vhost_of(environments.runtime.settings.amqp_url)
    async with RabbitManagement(management_url) as api:
        for subscription in environments.runtime.topology.queues:
            found = await api.queue(vhost, dead_letter_queue(subscription.name))
            assert found is not None, subscription.name
            assert {k: found["arguments"].get(k) for k in DEAD_LETTER_BOUNDS} == DEAD_LETTER_BOUNDS


async def _eventually_dropped(before: float, at_least: float) -> None:
    await _eventually(lambda: dropped("throttled") - before >= at_least)


async def _eventually(check: object, within: float = 30) -> None:
    deadline = time.monotonic() + within
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, "not within the time allowed"
        await asyncio.sleep(0.1)
