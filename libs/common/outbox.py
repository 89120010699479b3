"""The outbox relay: publishes a schema's committed events to RabbitMQ in commit order.

The events table is the outbox. The relay follows it from its checkpoint a page at a time, turns
each event into zero or more bus messages (``translate``), publishes the whole page with its
confirms in flight, and moves the checkpoint only once every message of the page is confirmed,
so a crash republishes rather than loses. Message ids are derived from the event's position, so
a republished message is recognised by consumers' inboxes.

Before publishing, the relay declares the platform's whole topology, and it publishes with
``mandatory``: a message the topology routes to some queue but the broker returns (a queue was
deleted under it) fails the page, which is declared again and retried from the checkpoint.

A message that carries a whole state which the next one of its kind replaces (a full set for one c_env, decision 52)
names a ``coalescing_key``: of the messages of one page with the same key only the last is published, so a burst of
changes that piles up while the relay publishes goes out as far fewer messages, the last one complete. Messages
without a key are all published, in log order. A relay that keeps up publishes each change as it commits, so a
page would hold one message of a key at a time: a key published less than ``cooling_seconds`` ago holds the next
page back until it cools, and the changes that pile up meanwhile go out as one. A key that was held back so (a
burst goes on) cools twice as long after it goes out, up to ``longest_cooling_seconds``; one that was not, as long
as ``cooling_seconds`` (decision 95). A key heard of after a quiet while goes out at once; what shares a page with
a hot key waits with it (at most ``longest_cooling_seconds``). Such messages can be large (a thousand schedule
entries): a service that can tell from the recorded event alone that a later event of the page replaces its
messages (``replacement_key``) spares their translation, and a page read again after a hot wait reuses what it
already translated.

A commit in this process wakes the relay at once. Events committed but still above the reader's horizon (an older
transaction is open anywhere on the cluster, whose end wakes nobody here) are looked for again within milliseconds,
not at the next poll (decision 81).

Only one replica relays at a time: the relay holds a session-level advisory lock on a dedicated
connection; if that replica dies its connection closes, the lock is freed and another takes over.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import asyncpg

from common import db
from common.bus.publisher import Publisher
from common.bus.topology import Topology, route
from common.contracts import Envelope, Message, envelope_for
from common.eventstore.model import START, Checkpoint, RecordedEvent
from common.eventstore.postgres import backlog, backlog_after, backlog_query, read_after
from common.logging import get_logger
from common.metrics import OUTBOX_LAG, OUTBOX_RELAY_ACTIVE, OUTBOX_UNROUTED, OUTBOX_UNTRANSLATABLE

log = get_logger(__name__)
HORIZON_FIRST_LOOK_SECONDS = 0.005  # then twice as long each time, up to the longest (or the poll)
HORIZON_LONGEST_LOOK_SECONDS = 0.05

Translate = Callable[[RecordedEvent], Sequence[Message]]
ReplacementKey = Callable[[RecordedEvent], str | None]  # a later event with the key replaces all of this one's messages
Translated = tuple[RecordedEvent, Sequence[Message] | Exception]  # an event's messages, or why it has none
_MESSAGE_IDS = uuid.UUID("6f1c2a53-8f2e-4c6e-9a55-7c1d0e3b9a10")


def message_id_for(schema: str, event: RecordedEvent, index: int) -> uuid.UUID:
    return uuid.uuid5(_MESSAGE_IDS, f"{schema}:{event.stream_id}:{event.version}:{index}")


class Unrouted(Exception):
    """The broker returned a message the topology says some queue takes: the topology is not in place."""


@dataclass(frozen=True)
class Outgoing:
    envelope: Envelope
    exchange: str
    routing_key: str
    coalescing_key: str | None = None


def latest_only(outgoing: Sequence[Outgoing]) -> list[Outgoing]:
    """The page without the messages a later one of the same coalescing key replaces."""
    last = {o.coalescing_key: i for i, o in enumerate(outgoing) if o.coalescing_key is not None}
    return [o for i, o in enumerate(outgoing) if o.coalescing_key is None or last[o.coalescing_key] == i]


class OutboxRelay:
    def __init__(
        self,
        *,
        service: str,
        schema: str,
        database_url: str,
        publisher: Publisher,
        translate: Translate,
        topology: Topology,
        poll_seconds: float = 1.0,
        batch_size: int = 500,
        cooling_seconds: float = 0.25,
        longest_cooling_seconds: float = 1.0,
        replacement_key: ReplacementKey | None = None,
    ) -> None:
        self.service = service
        self.schema = db.identifier(schema)
        self.database_url = database_url
        self.publisher = publisher
        self.translate = translate
        self.topology = topology
        self.poll_seconds = poll_seconds
        self.batch_size = batch_size
        self.cooling_seconds = cooling_seconds
        self.longest_cooling_seconds = max(cooling_seconds, longest_cooling_seconds)
        self.replacement_key = replacement_key
        self._translations: dict[int, Sequence[Message] | Exception] = {}  # of the page read last, by position
        self._published_at: dict[str, tuple[float, float]] = {}  # coalescing key → when it last went out, cooling
        self._held_back: set[str] = set()  # keys of the page that waited to cool
        self._wake = asyncio.Event()
        self._horizon_look = HORIZON_FIRST_LOOK_SECONDS

    def wake(self) -> None:
        """Something was committed: look now rather than at the next poll."""
        self._wake.set()

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
        await self._become_leader(conn)
        OUTBOX_RELAY_ACTIVE.labels(self.service).set(1)
        await self.publisher.declare(self.topology)
        checkpoint = await self._load_checkpoint(conn)
        while True:
            self._wake.clear()
            batch = await read_after(conn, self.schema, checkpoint, self.batch_size)
            translated = self._translated(batch)
            if hot := self._still_hot(translated):
                await asyncio.sleep(hot)  # then read again: the page has grown by what piled up meanwhile
                continue
            if batch:
                await self._publish_page(conn, translated)
                self._translations.clear()
                checkpoint = batch[-1].checkpoint
                ready, held_back = await self._save_checkpoint(conn, checkpoint)
            else:
                ready, held_back = await backlog_after(conn, self.schema, checkpoint)
            OUTBOX_LAG.labels(self.service).set(ready + held_back)
            if len(batch) < self.batch_size:
                await self._wait_for_more(held_back > 0)

    async def _become_leader(self, conn: asyncpg.Connection) -> None:
        while True:
            if await conn.fetchval("SELECT pg_try_advisory_lock(hashtext($1))", f"relay:{self.schema}"):
                return
            await asyncio.sleep(self.poll_seconds)

    async def _wait_for_more(self, held_back: bool) -> None:
        # The wake-up comes at commit, but the committed transaction may still be above the reader's horizon (an
        # older transaction is open, in any service or database of the cluster, and its end wakes nobody here),
        # and other replicas commit unheard: so poll as well, and look again soon while committed events are held
        # back (a cheap query on the index), backing off a little should the open transaction last.
        timeout = min(self._horizon_look, self.poll_seconds) if held_back else self.poll_seconds
        self._horizon_look = min(2 * timeout, HORIZON_LONGEST_LOOK_SECONDS) if held_back else HORIZON_FIRST_LOOK_SECONDS
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=timeout)

    def _translated(self, batch: Sequence[RecordedEvent]) -> list[Translated]:
        """Each event's messages, or why it cannot become any (set aside when the page is published); none for one
        a later event of the page replaces."""
        keys = [self.replacement_key(event) for event in batch] if self.replacement_key else [None] * len(batch)
        last = {key: i for i, key in enumerate(keys) if key is not None}
        translated: list[Translated] = []
        for i, (event, key) in enumerate(zip(batch, keys, strict=True)):
            if key is not None and last[key] != i:
                translated.append((event, ()))
                continue
            if (known := self._translations.get(event.position)) is None:
                try:
                    known = self.translate(event)
                except (ValueError, TypeError, KeyError) as exc:
                    known = exc
                self._translations[event.position] = known
            translated.append((event, known))
        return translated

    async def _publish_page(self, conn: asyncpg.Connection, translated: Sequence[Translated]) -> None:
        outgoing: list[Outgoing] = []
        for event, messages in translated:
            if isinstance(messages, Exception):
                await self._set_aside(conn, event, messages)
                continue
            try:
                outgoing += self._messages(event, messages)
            except (ValueError, TypeError, KeyError) as exc:
                await self._set_aside(conn, event, exc)
        outgoing = latest_only(outgoing)
        self._cooling([o.coalescing_key for o in outgoing if o.coalescing_key is not None])
        # Published in log order on one channel (aiormq sends in call order); confirms overlap.
        results = await asyncio.gather(
            *(self.publisher.publish_envelope(o.envelope, o.exchange, o.routing_key) for o in outgoing),
            return_exceptions=True,
        )
        for message, result in zip(outgoing, results, strict=True):
            if isinstance(result, BaseException):
                raise result
            if not result:
                self._unrouted(message)

    def _still_hot(self, translated: Sequence[Translated]) -> float:
        """How long until every coalescing key of the page has cooled (0: publish now)."""
        if not self._published_at:
            return 0.0
        keys = {getattr(m, "coalescing_key", None) for _, messages in translated
                if not isinstance(messages, Exception) for m in messages}  # fmt: skip
        now = asyncio.get_running_loop().time()
        left = {k: at + cooling - now for k, (at, cooling) in self._published_at.items() if k in keys}
        hot = {k: seconds for k, seconds in left.items() if seconds > 0}
        self._held_back.update(hot)
        return max([0.0, *hot.values()])

    def _cooling(self, keys: Sequence[str]) -> None:
        now = asyncio.get_running_loop().time()
        coolings = {key: self._next_cooling(key) for key in keys}
        self._published_at = {k: (at, cooling) for k, (at, cooling) in self._published_at.items()
                              if now - at < cooling}  # fmt: skip
        self._published_at.update({key: (now, cooling) for key, cooling in coolings.items()})
        self._held_back.clear()

    def _next_cooling(self, key: str) -> float:
        if key not in self._held_back:
            return self.cooling_seconds
        _, cooling = self._published_at.get(key, (0.0, self.cooling_seconds))
        return min(2 * cooling, self.longest_cooling_seconds)

    def _messages(self, event: RecordedEvent, translated: Sequence[Message]) -> list[Outgoing]:
        messages = []
        for index, message in enumerate(translated):
            exchange, routing_key = route(message)
            key = getattr(message, "coalescing_key", None)
            messages.append(Outgoing(self._envelope(event, index, message), exchange, routing_key, key))
        return messages

    def _unrouted(self, message: Outgoing) -> None:
        if self.topology.routes_somewhere(message.exchange, message.routing_key):
            raise Unrouted(f"{message.envelope.type} to {message.exchange}/{message.routing_key} came back")
        # Nobody subscribes (an agent's queue goes with its environment; some events have no
        # subscriber yet): nothing is waiting for it.
        OUTBOX_UNROUTED.labels(self.service, message.envelope.type).inc()
        log.info("outbox_message_unrouted", type=message.envelope.type, routing_key=message.routing_key)

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

    async def _save_checkpoint(self, conn: asyncpg.Connection, checkpoint: Checkpoint) -> tuple[int, int]:
        """Saved, and the backlog after it counted, in one statement."""
        row = await conn.fetchrow(
            f"""WITH saved AS (
                    INSERT INTO {self.schema}.relay_checkpoint (relay, txid, position)
                    VALUES ('bus', $1::xid8, $2)
                    ON CONFLICT (relay) DO UPDATE
                    SET txid = excluded.txid, position = excluded.position, updated_at = now()
                )
                {backlog_query(self.schema)}""",
            checkpoint.txid,
            checkpoint.position,
        )
        return backlog(row)
