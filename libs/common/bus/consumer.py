"""Consumers with an inbox: effects and the message id commit together, and only then is the message acked.

Outcomes of one delivery:
- not admitted (too large, or its sender over its rate): acknowledged and dropped unread, counted;
- malformed, unknown type, refused by ``authorise`` or by the handler (``Unprocessable``):
  rejected without requeue, so the broker moves it to the dead-letter queue; the reason is logged;
- already in the inbox: acked and skipped;
- handler raised anything else: returned to the queue after a short back-off, until it has
  been delivered ``max_deliveries`` times, then dead-lettered. Never acked on failure.

A handler runs inside the transaction that records the message, unless it is wrapped in
``OwnTransaction``: then it does its slow work first and ``commit``s its effects last (see there).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import asyncpg
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage, AbstractRobustConnection

from common import correlation
from common.bus.admission import Admit
from common.bus.topology import Queue, dead_letters_waiting, declare_dead_letter_queue, declare_on
from common.contracts import Envelope, MalformedMessage, Message, parse_message, registry_of
from common.eventstore.postgres import PostgresEventStore, PostgresTransaction
from common.logging import get_logger
from common.metrics import (
    DEAD_LETTERS_WAITING,
    MESSAGES_CONSUMED,
    MESSAGES_DEAD_LETTERED,
    MESSAGES_DROPPED,
    MESSAGES_RETRIED,
)

log = get_logger(__name__)
T = TypeVar("T")


class Unprocessable(Exception):
    """This message can never succeed (unknown environment, forged sender...): dead-letter it now."""


@dataclass(frozen=True)
class Delivery:
    envelope: Envelope
    routing_key: str
    user_id: str | None


@dataclass
class HandlerContext:
    delivery: Delivery
    tx: PostgresTransaction

    @property
    def conn(self) -> asyncpg.Connection:
        return self.tx.conn


Handler = Callable[[HandlerContext, Any], Awaitable[None]]
Authorise = Callable[[Delivery, Message], None]
Effects = Callable[[PostgresTransaction], Awaitable[T]]


@dataclass
class Committing:
    """What a handler that owns its transaction gets: ``commit`` runs its effects in a transaction that also
    records the message, once; a handler that never commits has the message recorded for it."""

    delivery: Delivery
    _commit: Callable[[Effects[Any]], Awaitable[Any]]
    committed: bool = False

    async def commit(self, effects: Effects[T]) -> T:
        assert not self.committed, "a message is committed once"
        self.committed = True
        result: T = await self._commit(effects)
        return result


@dataclass(frozen=True)
class OwnTransaction:
    """A handler whose slow work (calls to other systems, retried through a fault) must hold no transaction:
    it would keep a pooled connection from the rest of the service, and a snapshot from vacuum, for as long
    as the retries last (and, had it written first, hold back the horizon every log reader waits for)."""

    handle: Callable[[Committing, Any], Awaitable[None]]


class _AlreadyProcessed(Exception):
    pass


class Consumer:
    def __init__(
        self,
        *,
        service: str,
        queue: Queue,
        handlers: Mapping[type[Message], Handler | OwnTransaction],
        store: PostgresEventStore,
        prefetch: int = 16,
        authorise: Authorise | None = None,
        admit: Admit | None = None,
    ) -> None:
        self.service = service
        self.queue = queue
        self.queue_name = queue.name
        self.types = registry_of(handlers)
        self.handlers = {m.TYPE: handler for m, handler in handlers.items()}
        self.store = store
        self.max_deliveries = queue.max_deliveries
        self.prefetch = prefetch
        self.authorise = authorise
        self.admit = admit
        self._channel: AbstractChannel | None = None
        self._watch: asyncio.Task[None] | None = None

    async def start(self, connection: AbstractRobustConnection) -> None:
        await declare_dead_letter_queue(connection, self.queue_name)
        self._channel = await connection.channel()
        await self._channel.set_qos(prefetch_count=self.prefetch)
        declared = await declare_on(self._channel, self.queue)
        await declared.consume(self.on_message)
        self._watch = asyncio.create_task(self._count_dead_letters(connection), name=f"dead-letters-{self.queue_name}")

    async def stop(self) -> None:
        if self._watch is not None:
            self._watch.cancel()
        if self._channel is not None and not self._channel.is_closed:
            await self._channel.close()

    async def _count_dead_letters(self, connection: AbstractRobustConnection, every: float = 30.0) -> None:
        gauge = DEAD_LETTERS_WAITING.labels(self.service, self.queue_name)
        while True:
            try:
                gauge.set(await dead_letters_waiting(connection, self.queue_name))
            except Exception as exc:  # noqa: BLE001 (a gauge that could not be read is tried again)
                log.warning("dead_letter_count_failed", queue=self.queue_name, error=repr(exc))
            await asyncio.sleep(every)

    async def on_message(self, incoming: AbstractIncomingMessage) -> None:
        if self.admit is not None and (refused := self.admit(incoming)):
            MESSAGES_DROPPED.labels(self.service, self.queue_name, refused).inc()
            await incoming.ack()
            return
        try:
            envelope, message = parse_message(incoming.body, self.types)
            delivery = Delivery(envelope, incoming.routing_key or "", incoming.user_id)
            handler = self.handlers.get(envelope.type)
            if handler is None:
                raise Unprocessable(f"{self.queue_name} has no handler for {envelope.type}")
            if self.authorise is not None:
                self.authorise(delivery, message)
        except MalformedMessage as exc:
            await self._dead_letter(incoming, str(exc), "malformed")
            return
        except Unprocessable as exc:
            await self._dead_letter(incoming, str(exc), "unprocessable")
            return
        correlation.bind(envelope.correlation_id, str(envelope.message_id), message_type=envelope.type)
        await self._handle(incoming, delivery, handler, message)

    async def _handle(
        self, incoming: AbstractIncomingMessage, delivery: Delivery, handler: Handler | OwnTransaction, message: Message
    ) -> None:
        try:
            await self._run_once(delivery, handler, message)
        except _AlreadyProcessed:
            MESSAGES_CONSUMED.labels(self.service, self.queue_name, "duplicate").inc()
            await incoming.ack()
        except Unprocessable as exc:
            await self._dead_letter(incoming, str(exc), "unprocessable")
        except Exception as exc:  # noqa: BLE001 (any other failure is retried, then dead-lettered)
            await self._retry_or_give_up(incoming, exc)
        else:
            MESSAGES_CONSUMED.labels(self.service, self.queue_name, "handled").inc()
            await incoming.ack()

    async def _run_once(self, delivery: Delivery, handler: Handler | OwnTransaction, message: Message) -> None:
        if isinstance(handler, OwnTransaction):
            await self._refuse_processed(self.store.pool, delivery)
            context = Committing(delivery, lambda effects: self._commit(delivery, effects))
            await handler.handle(context, message)
            if not context.committed:
                await context.commit(_nothing)
            return
        await self._commit(delivery, lambda tx: handler(HandlerContext(delivery, tx), message), check_inbox=True)

    async def _refuse_processed(self, conn: Any, delivery: Delivery) -> None:
        if await conn.fetchval(
            f"SELECT 1 FROM {self.store.schema}.inbox WHERE consumer = $1 AND message_id = $2",
            self.queue_name,
            delivery.envelope.message_id,
        ):
            raise _AlreadyProcessed

    async def _commit(self, delivery: Delivery, effects: Effects[T], *, check_inbox: bool = False) -> T:
        """``check_inbox``: a message already processed is refused in this transaction, before its effects."""
        async with self.store.transaction() as tx:
            if check_inbox:
                await self._refuse_processed(tx.conn, delivery)
            result = await effects(tx)
            # Recorded last, so an event append stays the transaction's first write; a racing
            # duplicate fails here and its transaction rolls back.
            recorded = await tx.conn.fetchval(
                f"""INSERT INTO {self.store.schema}.inbox (consumer, message_id, message_type)
                    VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1""",
                self.queue_name,
                delivery.envelope.message_id,
                delivery.envelope.type,
            )
            if not recorded:
                raise _AlreadyProcessed
            return result

    async def _retry_or_give_up(self, incoming: AbstractIncomingMessage, exc: Exception) -> None:
        attempt = _delivery_count(incoming) + 1
        if attempt >= self.max_deliveries:
            await self._dead_letter(incoming, f"failed {attempt} times, last: {exc!r}", "retries_exhausted")
            return
        log.warning("message_failed_will_retry", queue=self.queue_name, attempt=attempt, error=repr(exc))
        MESSAGES_RETRIED.labels(self.service, self.queue_name).inc()
        await asyncio.sleep(min(0.05 * 2**attempt, 2.0))
        await incoming.nack(requeue=True)

    async def _dead_letter(self, incoming: AbstractIncomingMessage, reason: str, label: str) -> None:
        log.error(
            "message_dead_lettered",
            queue=self.queue_name,
            message_id=incoming.message_id,
            message_type=incoming.type,
            reason=reason,
        )
        MESSAGES_DEAD_LETTERED.labels(self.service, self.queue_name, label).inc()
        await incoming.reject(requeue=False)


async def _nothing(_: PostgresTransaction) -> None:
    return None


def _delivery_count(incoming: AbstractIncomingMessage) -> int:
    value = (incoming.headers or {}).get("x-delivery-count", 0)
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else 0
