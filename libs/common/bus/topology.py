"""Exchanges, queues and bindings: the platform's subscriptions as data, declared whole before anything is published.

A service's contract lists its subscriptions (a queue and the messages bound to it). The platform
resolves them against every contract's messages into a ``Topology``; each relay declares all of
it before publishing, so an event is never published before its consumers' queues exist, and a
message the topology routes somewhere but the broker returns is a fault, not a silent drop.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import aio_pika
import aiormq
from aio_pika.abc import AbstractChannel, AbstractQueue, AbstractRobustConnection

from common.contracts import Message
from common.logging import get_logger

log = get_logger(__name__)

EVENTS = "switchyard.events"
COMMANDS = "switchyard.commands"
CENV_COMMANDS = "switchyard.cenv.commands"
CENV_EVENTS = "switchyard.cenv.events"
DEAD_LETTERS = "switchyard.dead-letters"
MAX_DELIVERIES = 5

_EXCHANGE_FOR_ROUTE = {
    "event": EVENTS,
    "command": COMMANDS,
    "agent_command": CENV_COMMANDS,
    "agent_event": CENV_EVENTS,
}
_PER_ENVIRONMENT = ("agent_command", "agent_event")
Binding = tuple[str, str]


def route(message: Message) -> Binding:
    """The exchange and routing key a message travels with."""
    exchange = _EXCHANGE_FOR_ROUTE[message.ROUTE]
    if message.ROUTE in _PER_ENVIRONMENT:
        environment_id = getattr(message, "environment_id")  # noqa: B009 (agent messages all carry it)
        return exchange, f"{environment_id}.{message.TYPE}"
    return exchange, message.TYPE


def binding_for(message: type[Message]) -> Binding:
    """What a queue binds to receive every message of this type (any environment's, for agent messages)."""
    exchange = _EXCHANGE_FOR_ROUTE[message.ROUTE]
    return (exchange, f"*.{message.TYPE}") if message.ROUTE in _PER_ENVIRONMENT else (exchange, message.TYPE)


def agent_command_queue(environment_id: uuid.UUID | str, key: bytes) -> str:
    """Named with a tag only the platform can derive from its key: another agent cannot even learn, by declaring
    it passively, whether the queue exists or how deep it is."""
    tag = hmac.new(key, f"agent-command-queue:{environment_id}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"cenv.{environment_id}.commands.{tag}"


# What every agent's command queue gives up on goes to this one queue: a quorum queue holds about three of the
# broker's file handles, so a dead-letter queue of each agent's own would double what each c_env costs it (ADR 0089).
AGENT_DEAD_LETTERS = "cenv.commands.dead"


def dead_letter_queue(queue: str) -> str:
    return f"{queue}.dead"


@dataclass(frozen=True)
class Subscription:
    """A queue a service consumes: the message types bound to it, every platform message of some kinds
    (``every``, resolved against the platform's contracts), and raw patterns."""

    queue: str
    messages: tuple[type[Message], ...] = ()
    every: tuple[type[Message], ...] = ()
    patterns: tuple[Binding, ...] = ()
    max_deliveries: int = MAX_DELIVERIES
    # bindings an earlier version declared: declaring only ever adds, so a broker keeps them until unbound
    retired: tuple[Binding, ...] = ()

    def resolve(self, platform_messages: Iterable[type[Message]]) -> Queue:
        kinds = [m for m in platform_messages if self.every and issubclass(m, self.every)]
        bindings = dict.fromkeys([*(binding_for(m) for m in (*self.messages, *kinds)), *self.patterns])
        return Queue(self.queue, tuple(bindings), self.max_deliveries, self.retired)


@dataclass(frozen=True)
class Queue:
    name: str
    bindings: tuple[Binding, ...]
    max_deliveries: int = MAX_DELIVERIES
    retired: tuple[Binding, ...] = ()

    def receives(self, exchange: str, routing_key: str) -> bool:
        return any(e == exchange and topic_matches(pattern, routing_key) for e, pattern in self.bindings)

    def receives_type(self, message: type[Message]) -> bool:
        exchange, pattern = binding_for(message)
        return self.receives(exchange, pattern.replace("*", str(uuid.UUID(int=0))))


@dataclass(frozen=True)
class Topology:
    queues: tuple[Queue, ...] = ()

    def queue(self, name: str) -> Queue:
        found = [q for q in self.queues if q.name == name]
        if not found:
            raise LookupError(f"no subscription declares the queue {name!r}")
        return found[0]

    def routes_somewhere(self, exchange: str, routing_key: str) -> bool:
        return any(q.receives(exchange, routing_key) for q in self.queues)

    async def declare(self, connection: AbstractRobustConnection) -> None:
        async with connection.channel() as channel:
            await declare_exchanges(channel)
        for queue in self.queues:
            await declare_queue(connection, queue)


def topology_of(subscriptions: Iterable[Subscription], messages: Sequence[type[Message]]) -> Topology:
    queues = [s.resolve(messages) for s in subscriptions]
    names = [q.name for q in queues]
    if len(set(names)) != len(names):
        raise ValueError(f"a queue is subscribed twice: {sorted(n for n in names if names.count(n) > 1)}")
    return Topology(tuple(queues))


def topic_matches(pattern: str, routing_key: str) -> bool:
    """AMQP topic matching: ``*`` is exactly one word, ``#`` zero or more."""
    return _match(pattern.split("."), routing_key.split("."))


def _match(pattern: list[str], words: list[str]) -> bool:
    if not pattern:
        return not words
    head, rest = pattern[0], pattern[1:]
    if head == "#":
        return any(_match(rest, words[i:]) for i in range(len(words) + 1))
    return bool(words) and head in ("*", words[0]) and _match(rest, words[1:])


async def declare_exchanges(channel: AbstractChannel) -> None:
    for name in (EVENTS, COMMANDS, CENV_COMMANDS, CENV_EVENTS):
        await channel.declare_exchange(name, aio_pika.ExchangeType.TOPIC, durable=True)
    await channel.declare_exchange(DEAD_LETTERS, aio_pika.ExchangeType.DIRECT, durable=True)


# A dead-letter queue keeps what its queue gave up on, for people to look at: bounded, so a flood of
# poison cannot exhaust the broker, and when full the oldest go first (newest failures are the news).
DEAD_LETTER_BOUNDS = {
    "x-max-length": 10_000,
    "x-max-length-bytes": 64 * 2**20,
    "x-overflow": "drop-head",
    "x-message-ttl": 14 * 24 * 3600 * 1000,
}


async def declare_queue(connection: AbstractRobustConnection, queue: Queue, dead_letters: str | None = None) -> None:
    """A quorum queue whose rejected or too-often-redelivered messages go to ``<name>.dead`` (bounded), or to the
    ``dead_letters`` queue it shares with others."""
    await declare_dead_letter_queue(connection, queue.name, dead_letters)
    async with connection.channel() as channel:
        await declare_on(channel, queue)


async def declare_on(channel: AbstractChannel, queue: Queue) -> AbstractQueue:
    """The queue itself (its dead-letter queue already declared), on ``channel``: a robust channel declares it
    again, and consumes from it again, after a reconnection."""
    declared = await channel.declare_queue(
        queue.name,
        durable=True,
        arguments={
            "x-queue-type": "quorum",
            # a safety net behind the consumer's own attempt count (a consumer that crashes on
            # a message never gets to count it)
            "x-delivery-limit": queue.max_deliveries + 1,
            "x-dead-letter-exchange": DEAD_LETTERS,
            "x-dead-letter-routing-key": queue.name,
        },
    )
    for exchange, routing_key in queue.bindings:
        await declared.bind(exchange, routing_key=routing_key)
    for exchange, routing_key in queue.retired:
        await declared.unbind(exchange, routing_key=routing_key)  # unbinding what is not bound is no error
    return declared


async def declare_dead_letter_queue(connection: AbstractRobustConnection, queue: str, name: str | None = None) -> None:
    """``<queue>.dead``, or the shared dead-letter queue ``name``, bound to what ``queue`` gives up on."""
    name = name or dead_letter_queue(queue)
    try:
        async with connection.channel() as channel:
            dead = await channel.declare_queue(
                name, durable=True, arguments={"x-queue-type": "quorum", **DEAD_LETTER_BOUNDS}
            )
            await dead.bind(DEAD_LETTERS, routing_key=queue)
    except aiormq.exceptions.ChannelPreconditionFailed:
        # Declared by an earlier version without bounds; it still works. Deleting it (and the
        # failures it holds) lets the next start declare it bounded.
        log.warning("dead_letter_queue_unbounded", queue=name)
        async with connection.channel() as channel:
            dead = await channel.declare_queue(name, passive=True)
            await dead.bind(DEAD_LETTERS, routing_key=queue)


async def unbind_dead_letters(connection: AbstractRobustConnection, queue: str, name: str) -> None:
    """What ``queue`` gives up on no longer goes to the shared dead-letter queue ``name`` (if that was declared)."""
    with contextlib.suppress(aiormq.exceptions.ChannelNotFoundEntity):
        async with connection.channel() as channel:
            dead = await channel.declare_queue(name, passive=True)
            await dead.unbind(DEAD_LETTERS, routing_key=queue)


async def dead_letters_waiting(connection: AbstractRobustConnection, queue: str) -> int:
    """How many messages wait in ``queue``'s dead-letter queue (a fresh count, not a cached declaration)."""
    async with connection.channel() as channel:
        dead = await channel.declare_queue(dead_letter_queue(queue), passive=True)
        return int(dead.declaration_result.message_count or 0)
