"""Exchange and queue names, and how every queue is declared (quorum, bounded redelivery, dead letters)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractQueue

from common.contracts import Message

EVENTS = "switchyard.events"
COMMANDS = "switchyard.commands"
CENV_COMMANDS = "switchyard.cenv.commands"
CENV_EVENTS = "switchyard.cenv.events"
DEAD_LETTERS = "switchyard.dead-letters"

_EXCHANGE_FOR_ROUTE = {
    "event": EVENTS,
    "command": COMMANDS,
    "agent_command": CENV_COMMANDS,
    "agent_event": CENV_EVENTS,
}


def route(message: Message) -> tuple[str, str]:
    """The exchange and routing key a message travels with."""
    exchange = _EXCHANGE_FOR_ROUTE[message.ROUTE]
    if message.ROUTE in ("agent_command", "agent_event"):
        environment_id = getattr(message, "environment_id")  # noqa: B009 (agent messages all carry it)
        return exchange, f"{environment_id}.{message.TYPE}"
    return exchange, message.TYPE


def agent_command_queue(environment_id: uuid.UUID | str) -> str:
    return f"cenv.{environment_id}.commands"


def dead_letter_queue(queue: str) -> str:
    return f"{queue}.dead"


async def declare_exchanges(channel: AbstractChannel) -> None:
    for name in (EVENTS, COMMANDS, CENV_COMMANDS, CENV_EVENTS):
        await channel.declare_exchange(name, aio_pika.ExchangeType.TOPIC, durable=True)
    await channel.declare_exchange(DEAD_LETTERS, aio_pika.ExchangeType.DIRECT, durable=True)


async def declare_queue(
    channel: AbstractChannel,
    name: str,
    bindings: Iterable[tuple[str, str]],
    *,
    max_deliveries: int,
) -> AbstractQueue:
    """A quorum queue whose rejected or too-often-redelivered messages go to ``<name>.dead``."""
    dead = await channel.declare_queue(dead_letter_queue(name), durable=True, arguments={"x-queue-type": "quorum"})
    await dead.bind(DEAD_LETTERS, routing_key=name)
    queue = await channel.declare_queue(
        name,
        durable=True,
        arguments={
            "x-queue-type": "quorum",
            # a safety net behind the consumer's own attempt count (a consumer that crashes on
            # a message never gets to count it)
            "x-delivery-limit": max_deliveries + 1,
            "x-dead-letter-exchange": DEAD_LETTERS,
            "x-dead-letter-routing-key": name,
        },
    )
    for exchange, routing_key in bindings:
        await queue.bind(exchange, routing_key=routing_key)
    return queue
