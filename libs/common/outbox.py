"""The outbox relay: publishes a schema's committed events to RabbitMQ in commit order.

The events table is the outbox. The relay follows it from its checkpoint, turns each event into
zero or more bus messages (``translate``), publishes them with confirms and only then moves the
checkpoint, so a crash republishes rather than loses. Message ids are derived from the event's
position, so a republished message is recognised by consumers' inboxes.

Only one replica relays at a time: the relay holds a session-level advisory lock on a dedicated
connection; if that replica dies its connection closes, the lock is freed and another takes over.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable, Sequence

import asyncpg

from common import db
from common.bus.publisher import Publisher
from common.bus.topology import route
from common.contracts import Envelope, Message, envelope_for
from common.eventstore.model import START, Checkpoint, RecordedEvent
from common.eventstore.postgres import count_after, notify_channel, read_after
from common.logging import get_logger
from common.metrics import OUTBOX_LAG, OUTBOX_RELAY_ACTIVE, OUTBOX_UNTRANSLATABLE

log = get_logger(__name__)

Translate = Callable[[RecordedEvent], Sequence[Message]]
_MESSAGE_IDS = uuid.UUID("6f1c2a53-8f2e-4c6e-9a55-7c1d0e3b9a10")


def message_id_for(schema: str, event: RecordedEvent, index: int) -> uuid.UUID:
    return uuid.uuid5(_MESSAGE_IDS, f"{schema}:{event.stream_id}:{event.version}:{index}")


class OutboxRelay:
    def __init__(
        self,
        *,
        service: str,
        schema: str,
        database_url: str,
        publisher: Publisher,
        translate: Translate,
        poll_seconds: float = 1.0,
        batch_size: int = 200,
    ) -> None:
        self.service = service
        self.schema = db.identifier(schema)
        self.database_url = database_url
        self.publisher = publisher
        self.translate = translate
        self.poll_seconds = poll_seconds
        self.batch_size = batch_size
        self._wake = asyncio.Event()

    async def run(self) -> None:
        """Relay until cancelled, reconnecting after any failure."""
        while True:
            try:
                conn = await db.connect(self.database_url)
                try:
                    await self._relay_while_leader(conn)
                finally:
                    OUTBOX_RELAY_ACTIVE.labels(self.service).set(0)
                    await conn.close(timeout=2)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 (log, back off, start again)
                log.warning("outbox_relay_restarting", error=repr(exc))
                await asyncio.sleep(self.poll_seconds)

    async def _relay_while_leader(self, conn: asyncpg.Connection) -> None:
        while True:
            if await conn.fetchval("SELECT pg_try_advisory_lock(hashtext($1))", f"relay:{self.schema}"):
                break
            await asyncio.sleep(self.poll_seconds)
        OUTBOX_RELAY_ACTIVE.labels(self.service).set(1)
        await conn.add_listener(notify_channel(self.schema), lambda *_: self._wake.set())
        checkpoint = await self._load_checkpoint(conn)
        while True:
            self._wake.clear()
            batch = await read_after(conn, self.schema, checkpoint, self.batch_size)
            for event in batch:
                await self._publish(conn, event)
            if batch:
                checkpoint = batch[-1].checkpoint
                await self._save_checkpoint(conn, checkpoint)
            OUTBOX_LAG.labels(self.service).set(await count_after(conn, self.schema, checkpoint))
            if len(batch) < self.batch_size:
                await self._wait_for_more()

    async def _wait_for_more(self) -> None:
        # NOTIFY arrives at commit, but the committing transaction may still be above the
        # reader's horizon (an older transaction is open), so poll as well.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=self.poll_seconds)
        await asyncio.sleep(0.005)  # let a burst of commits land before reading again

    async def _publish(self, conn: asyncpg.Connection, event: RecordedEvent) -> None:
        try:
            outgoing = [(self._envelope(event, index, message), route(message))
                        for index, message in enumerate(self.translate(event))]  # fmt: skip
        except (ValueError, TypeError, KeyError) as exc:
            await self._set_aside(conn, event, exc)
            return
        for envelope, (exchange, routing_key) in outgoing:
            await self.publisher.publish_envelope(envelope, exchange, routing_key)

    def _envelope(self, event: RecordedEvent, index: int, message: Message) -> Envelope:
        return envelope_for(
            message,
            producer=self.service,
            correlation_id=str(event.metadata.get("correlation_id") or event.stream_id),
            causation_id=event.metadata.get("causation_id"),
            message_id=message_id_for(self.schema, event, index),
            occurred_at=event.recorded_at,
        )

    async def _set_aside(self, conn: asyncpg.Connection, event: RecordedEvent, exc: Exception) -> None:
        """An event that cannot become a message (a bug) must not stop the ones after it: record it for repair."""
        log.error("outbox_event_untranslatable", stream_id=event.stream_id, version=event.version, error=repr(exc))
        OUTBOX_UNTRANSLATABLE.labels(self.service).inc()
        await conn.execute(
            f"""INSERT INTO {self.schema}.relay_failures (position, stream_id, version, type, error)
                VALUES ($1, $2, $3, $4, $5) ON CONFLICT (position) DO NOTHING""",
            event.position, event.stream_id, event.version, event.type, repr(exc)[:2000],
        )  # fmt: skip

    async def _load_checkpoint(self, conn: asyncpg.Connection) -> Checkpoint:
        row = await conn.fetchrow(f"SELECT txid, position FROM {self.schema}.relay_checkpoint WHERE relay = 'bus'")
        return Checkpoint(row["txid"], row["position"]) if row else START

    async def _save_checkpoint(self, conn: asyncpg.Connection, checkpoint: Checkpoint) -> None:
        await conn.execute(
            f"""INSERT INTO {self.schema}.relay_checkpoint (relay, txid, position)
                VALUES ('bus', $1::xid8, $2)
                ON CONFLICT (relay) DO UPDATE
                SET txid = excluded.txid, position = excluded.position, updated_at = now()""",
            checkpoint.txid,
            checkpoint.position,
        )
