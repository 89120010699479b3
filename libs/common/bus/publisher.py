"""Publishing envelopes: persistent, mandatory messages on a channel with publisher confirms."""

from __future__ import annotations

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractExchange, AbstractRobustConnection
from aiormq.abc import DeliveredMessage

from common.bus.topology import Topology, route
from common.contracts import Envelope, Message, envelope_for
from common.metrics import MESSAGES_PUBLISHED


class Returned(Exception):
    """The broker confirmed the message but no queue took it."""


def to_amqp(envelope: Envelope, *, user_id: str | None = None) -> aio_pika.Message:
    return aio_pika.Message(
        envelope.to_bytes(),
        content_type="application/json",
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        message_id=str(envelope.message_id),
        correlation_id=envelope.correlation_id,
        type=envelope.type,
        app_id=envelope.producer,
        timestamp=envelope.occurred_at,
        user_id=user_id,
        headers={"causation_id": envelope.causation_id, "schema_version": envelope.schema_version},
    )


class Publisher:
    """Each publish returns once the broker has confirmed it (or raises); several may be in flight at once."""

    def __init__(self, service: str) -> None:
        self.service = service
        self._channel: AbstractChannel | None = None
        self._connection: AbstractRobustConnection
        self._exchanges: dict[str, AbstractExchange] = {}

    async def open(self, connection: AbstractRobustConnection) -> None:
        self._connection = connection
        self._channel = await connection.channel(publisher_confirms=True)

    async def close(self) -> None:
        if self._channel is not None and not self._channel.is_closed:
            await self._channel.close()

    async def declare(self, topology: Topology) -> None:
        """On channels of their own: a refused declaration closes its channel, which must not be this one."""
        self._open_channel()
        await topology.declare(self._connection)

    async def publish_envelope(
        self, envelope: Envelope, exchange: str, routing_key: str, *, user_id: str | None = None
    ) -> bool:
        """True once a queue has it; False when the broker returned it (nothing bound takes that key)."""
        target = self._exchanges.get(exchange) or await self._exchange(exchange)
        result = await target.publish(to_amqp(envelope, user_id=user_id), routing_key, mandatory=True, timeout=10)
        MESSAGES_PUBLISHED.labels(self.service, envelope.type).inc()
        return not isinstance(result, DeliveredMessage)

    async def publish(
        self,
        message: Message,
        *,
        correlation_id: str,
        causation_id: str | None = None,
        user_id: str | None = None,
    ) -> Envelope:
        """Publish one message outside the outbox; a message nobody receives raises ``Returned``."""
        envelope = envelope_for(
            message, producer=self.service, correlation_id=correlation_id, causation_id=causation_id
        )
        exchange, routing_key = route(message)
        if not await self.publish_envelope(envelope, exchange, routing_key, user_id=user_id):
            raise Returned(f"{message.TYPE} to {exchange}/{routing_key}: no queue took it")
        return envelope

    async def _exchange(self, name: str) -> AbstractExchange:
        self._exchanges[name] = await self._open_channel().get_exchange(name, ensure=False)
        return self._exchanges[name]

    def _open_channel(self) -> AbstractChannel:
        if self._channel is None:
            raise RuntimeError("publisher is not open")
        return self._channel
