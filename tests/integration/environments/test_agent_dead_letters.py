"""What agents' command queues give up on goes to one shared dead-letter queue, not to a queue per agent: every
quorum queue holds broker file handles, and a broker past its limit accepts no new connection (ADR 0089)."""

from __future__ import annotations

import uuid

import aio_pika
import aiormq
import pytest
from aio_pika.abc import AbstractRobustConnection

from common.bus.management import RabbitManagement, vhost_of
from common.bus.topology import AGENT_DEAD_LETTERS, CENV_COMMANDS, DEAD_LETTERS, dead_letter_queue
from environments.adapters.broker import AgentBroker
from tests.integration.environments.conftest import EnvironmentsUnderTest
from tests.support.bus import count_ready
from tests.support.waiting import eventually


async def _routed_from(management_url: str, amqp_url: str) -> set[str]:
    """The queues whose dead letters the shared dead-letter queue is bound to take."""
    async with RabbitManagement(management_url) as api:
        vhost = vhost_of(amqp_url)
        bindings = await api._call("GET", f"queues/{vhost}/{AGENT_DEAD_LETTERS}/bindings")
    return {b["routing_key"] for b in bindings if b["source"] == DEAD_LETTERS}


async def test_a_command_an_agent_gives_up_on_lands_in_the_shared_dead_letter_queue(
    environments: EnvironmentsUnderTest,
    service_connection: AbstractRobustConnection,
    amqp_url: str,
    management_url: str,
) -> None:
    broker: AgentBroker = environments.context.broker
    x, y = uuid.uuid4(), uuid.uuid4()
    x_account = await broker.grant(service_connection, x)
    await broker.grant(service_connection, y)
    for granted in (x, y):
        with pytest.raises(aiormq.exceptions.ChannelNotFoundEntity):
            async with service_connection.channel() as channel:
                await channel.declare_queue(dead_letter_queue(broker.command_queue(granted)), passive=True)
    before = await count_ready(service_connection, AGENT_DEAD_LETTERS)

    async with service_connection.channel() as channel:
        exchange = await channel.get_exchange(CENV_COMMANDS, ensure=False)
        await exchange.publish(aio_pika.Message(b"{}"), f"{x}.cenv.Unreadable")
    agent = await aio_pika.connect(x_account.amqp_url.get_secret_value())
    try:
        commands = await (await agent.channel()).declare_queue(x_account.command_queue, passive=True)

        async def received() -> aio_pika.abc.AbstractIncomingMessage:
            message = await commands.get(fail=False)
            assert message is not None
            return message

        await (await eventually(received)).reject(requeue=False)
    finally:
        await agent.close()
    await eventually(lambda: _grew(service_connection, before))

    await broker.revoke(service_connection, x)
    routed = await _routed_from(management_url, amqp_url)
    assert broker.command_queue(y) in routed
    assert broker.command_queue(x) not in routed
    await broker.revoke(service_connection, y)


async def _grew(connection: AbstractRobustConnection, before: int) -> None:
    assert await count_ready(connection, AGENT_DEAD_LETTERS) == before + 1
