"""Each agent's broker user reaches only its own environment's commands and events."""

from __future__ import annotations

import uuid

import aio_pika
import aiormq
import pytest
from aio_pika.abc import AbstractRobustConnection

from common.bus.topology import CENV_EVENTS, agent_command_queue
from environments.adapters.broker import AgentBroker, agent_user
from tests.integration.environments.conftest import EnvironmentsUnderTest


async def test_agent_x_can_neither_read_y_commands_nor_publish_as_y(
    environments: EnvironmentsUnderTest, service_connection: AbstractRobustConnection
) -> None:
    broker: AgentBroker = environments.context.broker
    x, y = uuid.uuid4(), uuid.uuid4()
    x_account = await broker.grant(service_connection, x)
    await broker.grant(service_connection, y)
    agent_x = await aio_pika.connect(x_account.amqp_url.get_secret_value())
    try:
        own = await agent_x.channel()
        await own.declare_queue(x_account.command_queue, passive=True)

        with pytest.raises(aiormq.exceptions.ChannelAccessRefused):
            other = await agent_x.channel()
            await (await other.declare_queue(broker.command_queue(y), passive=True)).get(fail=False)

        for routing_key, user_id in ((f"{y}.cenv.Heartbeat", agent_user(x)), (f"{x}.cenv.Heartbeat", agent_user(y))):
            channel = await agent_x.channel(publisher_confirms=True)
            exchange = await channel.get_exchange(CENV_EVENTS, ensure=False)
            with pytest.raises((aiormq.exceptions.ChannelAccessRefused, aiormq.exceptions.ChannelPreconditionFailed)):
                await exchange.publish(aio_pika.Message(b"{}", user_id=user_id), routing_key, timeout=5)

        with pytest.raises(aiormq.exceptions.ChannelAccessRefused):
            channel = await agent_x.channel()
            await channel.declare_queue("stolen", durable=False)
    finally:
        await agent_x.close()

    await broker.revoke(service_connection, x)
    with pytest.raises((aiormq.exceptions.ProbableAuthenticationError, aiormq.exceptions.AMQPConnectionError)):
        await aio_pika.connect(x_account.amqp_url.get_secret_value())
    await broker.revoke(service_connection, y)


async def test_agent_x_cannot_learn_whether_y_has_a_command_queue_nor_how_deep_it_is(
    environments: EnvironmentsUnderTest, service_connection: AbstractRobustConnection
) -> None:
    """Declaring a queue passively needs no permission: only a name x cannot derive keeps y's queue hidden."""
    broker: AgentBroker = environments.context.broker
    x, y, never_created = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    x_account = await broker.grant(service_connection, x)
    await broker.grant(service_connection, y)
    agent_x = await aio_pika.connect(x_account.amqp_url.get_secret_value())
    try:
        for guess in (
            f"cenv.{y}.commands",
            agent_command_queue(y, b"a guessed key"),
            broker.command_queue(never_created),
        ):
            with pytest.raises(aiormq.exceptions.ChannelNotFoundEntity):
                channel = await agent_x.channel()
                await channel.declare_queue(guess, passive=True)
        assert broker.command_queue(y) != broker.command_queue(x)
        assert broker.command_queue(y) == agent_command_queue(y, environments.context.internal_key), "stable"
    finally:
        await agent_x.close()
        await broker.revoke(service_connection, x)
        await broker.revoke(service_connection, y)


async def test_an_agent_may_publish_its_own_events(
    environments: EnvironmentsUnderTest, service_connection: AbstractRobustConnection
) -> None:
    broker: AgentBroker = environments.context.broker
    x = uuid.uuid4()
    connection = await aio_pika.connect((await broker.grant(service_connection, x)).amqp_url.get_secret_value())
    try:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(CENV_EVENTS, ensure=False)
        await exchange.publish(aio_pika.Message(b"{}", user_id=agent_user(x)), f"{x}.cenv.Heartbeat", timeout=5)
    finally:
        await connection.close()
        await broker.revoke(service_connection, x)
