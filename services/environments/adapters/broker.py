"""Each agent's own RabbitMQ user: it may consume only its environment's command queue and publish only
events routed under its own environment id. Created at provisioning, deleted with the environment."""

from __future__ import annotations

import re
import secrets
import uuid

from aio_pika.abc import AbstractRobustConnection
from pydantic import SecretStr
from yarl import URL

from cenv_agent.contract.hosting import AgentAccount
from cenv_agent.contract.senders import agent_user
from common.bus.management import RabbitManagement, vhost_of
from common.bus.topology import (
    AGENT_DEAD_LETTERS,
    CENV_COMMANDS,
    CENV_EVENTS,
    Queue,
    agent_command_queue,
    dead_letter_queue,
    declare_queue,
    unbind_dead_letters,
)


class AgentBroker:
    def __init__(
        self, management_url: str, amqp_url: str, agent_amqp_url: str | None, max_deliveries: int, queue_key: bytes
    ) -> None:
        self.management_url = management_url
        self.queue_key = queue_key
        self.vhost = vhost_of(amqp_url)
        self.agent_base = URL(agent_amqp_url or amqp_url)
        self.max_deliveries = max_deliveries

    def command_queue(self, environment_id: uuid.UUID) -> str:
        return agent_command_queue(environment_id, self.queue_key)

    async def grant(self, connection: AbstractRobustConnection, environment_id: uuid.UUID) -> AgentAccount:
        """(Re)create the agent's user with a fresh password, and its command queue."""
        user, password = agent_user(environment_id), secrets.token_urlsafe(24)
        queue = self.command_queue(environment_id)
        commands = Queue(queue, ((CENV_COMMANDS, f"{environment_id}.#"),), self.max_deliveries)
        await declare_queue(connection, commands, dead_letters=AGENT_DEAD_LETTERS)
        async with RabbitManagement(self.management_url) as api:
            await api.put_user(user, password)
            await api.set_permissions(
                self.vhost, user, configure="^$", write=f"^{re.escape(CENV_EVENTS)}$", read=f"^{re.escape(queue)}$"
            )
            await api.set_topic_permissions(
                self.vhost, user, CENV_EVENTS, write=f"^{re.escape(str(environment_id))}\\.", read="^$"
            )
        url = str(self.agent_base.with_user(user).with_password(password))
        return AgentAccount(amqp_url=SecretStr(url), command_queue=queue)

    async def revoke(self, connection: AbstractRobustConnection, environment_id: uuid.UUID) -> None:
        """Delete the user (the broker closes its connections at once), its queue and its dead letters' binding
        (and the dead-letter queue of its own that an agent granted before the shared one had)."""
        async with RabbitManagement(self.management_url) as api:
            await api.delete_user(agent_user(environment_id))
        queue = self.command_queue(environment_id)
        async with connection.channel() as channel:
            await channel.queue_delete(queue)
            await channel.queue_delete(dead_letter_queue(queue))
        await unbind_dead_letters(connection, queue, AGENT_DEAD_LETTERS)


class BrokerAccounts:
    """The agents' accounts on the service's own broker connection."""

    def __init__(self, broker: AgentBroker, connection: AbstractRobustConnection) -> None:
        self.broker, self.connection = broker, connection

    async def grant(self, environment_id: uuid.UUID) -> AgentAccount:
        return await self.broker.grant(self.connection, environment_id)

    async def revoke(self, environment_id: uuid.UUID) -> None:
        await self.broker.revoke(self.connection, environment_id)
