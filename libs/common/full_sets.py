"""Versioned full sets pushed to one target (a c_env): what a service wants the target to hold, never a delta.

Each (kind, target) has a small control stream ``<kind>-set-<target>``: a version with the digest of its items
(``FullSetVersioned``), what the target says it holds (``FullSetHeld``), sends made again (``FullSetChased``). The
items of each version live in a stream of their own, ``<kind>-set-<target>-v<version>`` (``FullSetComputed``, then
``FullSetResent`` for each send made again), so deciding on the control stream never reads old sets however many
were pushed. Recomputing records the next version only when the digest changed, so versions only grow, and two
recomputes of one target (two replicas, say) collide on the control stream instead of both pushing: the unit's
retry decides again on what the winner recorded. The target answers with the version it holds (``held``) and reports
it when it (re)connects (``reported``); a version it lacks goes again, a few times (``chase``).

A service lets these functions decide within its units of work (their events have their own codec here), adds
``PROJECTION`` (the ``full_sets`` table, made by ``full_sets_ddl``) to its projections, translates
``FullSetComputed`` and ``FullSetResent`` of its kind into its own command (``decode``), and sweeps ``unanswered``.
Decision 52.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import reduce
from typing import Any

from pydantic import BaseModel, ConfigDict

from common.db import identifier
from common.eventstore import NewEvent, RecordedEvent
from common.eventstore.codec import EventCodec
from common.folding import Folding
from common.projections import Projection
from common.unit_of_work import UnitOfWork

Items = list[dict[str, Any]]


def digest_of(items: Items) -> str:
    return hashlib.sha256(json.dumps(items, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


NOTHING = digest_of([])


class FullSetEvent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    set_kind: str
    target_id: uuid.UUID


class FullSetVersioned(FullSetEvent):
    """On the control stream: ``version`` holds the items whose digest this is."""

    version: int
    digest: str


class FullSetHeld(FullSetEvent):
    version: int


class FullSetChased(FullSetEvent):
    """The target lacked ``version``: it goes again, as send number ``attempt``."""

    version: int
    attempt: int


class FullSetComputed(FullSetEvent):
    """On the version's own stream: its items, sent once recorded."""

    version: int
    items: Items


class FullSetResent(FullSetEvent):
    version: int
    items: Items
    attempt: int


EVENTS: tuple[type[FullSetEvent], ...] = (FullSetVersioned, FullSetHeld, FullSetChased, FullSetComputed, FullSetResent)
CODEC = EventCodec[FullSetEvent](EVENTS)
SENT = (FullSetComputed, FullSetResent)


_SENT_TYPES = frozenset(kind.__name__ for kind in SENT)


def decode(recorded: RecordedEvent) -> FullSetEvent | None:
    """A full-set event that carries items to send (for a service's translation), or None."""
    if recorded.type not in _SENT_TYPES:
        return None
    return CODEC.decode(recorded)


def replacement_key(recorded: RecordedEvent) -> str | None:
    """A send of a target's set, which a later send of the same kind to it replaces (read off the recorded event,
    undecoded: a relay page skips translating what it would not publish, ``common.outbox``)."""
    if recorded.type not in _SENT_TYPES:
        return None
    return f"{recorded.data['set_kind']}/{recorded.data['target_id']}"


@dataclass(frozen=True)
class FullSet:
    version: int = 0  # of the newest set computed
    digest: str = NOTHING
    applied: int = 0  # the newest version the target said it holds
    attempts: int = 0  # sends of ``version`` so far

    @property
    def settled(self) -> bool:
        return self.applied >= self.version


def stream_id(kind: str, target_id: uuid.UUID) -> str:
    return f"{kind}-set-{target_id}"


def version_stream_id(kind: str, target_id: uuid.UUID, version: int) -> str:
    return f"{stream_id(kind, target_id)}-v{version}"


def evolve(current: FullSet, event: FullSetEvent) -> FullSet:
    match event:
        case FullSetVersioned():
            return FullSet(event.version, event.digest, current.applied, 1)
        case FullSetChased():
            return replace(current, attempts=event.attempt)
        case FullSetHeld():
            return replace(current, applied=max(current.applied, event.version))
    return current


def fold(events: Sequence[FullSetEvent]) -> FullSet:
    return reduce(evolve, events, FullSet())


# The control stream gains an event or two with every change: a unit continues from the state kept of it
# (``common.folding``) rather than reading and decoding the target's whole history each time.
CONTROL = Folding(FullSet(), evolve).over(CODEC.decode)


def compute(current: FullSet, kind: str, target_id: uuid.UUID, items: Items) -> list[FullSetEvent]:
    """The next version, when the items differ from the newest set's (the same items record nothing)."""
    digest = digest_of(items)
    if digest == current.digest:
        return []
    return [FullSetVersioned(set_kind=kind, target_id=target_id, version=current.version + 1, digest=digest)]


def held(current: FullSet, kind: str, target_id: uuid.UUID, version: int) -> list[FullSetEvent]:
    """The target holds ``version``: one older than what it said before, or newer than any computed, is noise."""
    if not current.applied < version <= current.version:
        return []
    return [FullSetHeld(set_kind=kind, target_id=target_id, version=version)]


def resend(current: FullSet, kind: str, target_id: uuid.UUID, attempt: int) -> list[FullSetEvent]:
    return [FullSetChased(set_kind=kind, target_id=target_id, version=current.version, attempt=attempt)]


def chase(current: FullSet, kind: str, target_id: uuid.UUID, max_attempts: int) -> list[FullSetEvent]:
    """An unanswered push goes again, until ``max_attempts`` sends of that version were made."""
    if current.settled or current.attempts >= max_attempts:
        return []
    return resend(current, kind, target_id, current.attempts + 1)


def reported(current: FullSet, kind: str, target_id: uuid.UUID, held_version: int) -> list[FullSetEvent]:
    """The target (re)connected holding ``held_version``: recorded, and the newest set goes again if it lacks it."""
    recorded = held(current, kind, target_id, held_version)
    if held_version >= current.version:
        return recorded
    return [*recorded, *resend(current, kind, target_id, 1)]


# Deciding within a service's unit of work: the control stream first (it serialises), then the version's stream.


async def _decide(work: UnitOfWork, kind: str, target_id: uuid.UUID, decide: Any) -> tuple[FullSet, list[Any]]:
    decided: list[FullSetEvent] = []

    def deciding(current: FullSet) -> list[Any]:
        decided[:] = decide(current)
        return [CODEC.encode(event) for event in decided]

    before = await work.decide(stream_id(kind, target_id), CONTROL, deciding)
    return reduce(evolve, decided, before), decided


async def _send_again(work: UnitOfWork, kind: str, target_id: uuid.UUID, decided: Sequence[FullSetEvent]) -> None:
    """A send made again carries the items of its version, read from that version's own stream."""
    for chased in [event for event in decided if isinstance(event, FullSetChased)]:
        await work.decide(version_stream_id(kind, target_id, chased.version), _stored, _resending(chased))


def _stored(stored: Sequence[RecordedEvent]) -> Sequence[RecordedEvent]:
    return stored


def _resending(chased: FullSetChased) -> Callable[[Sequence[RecordedEvent]], list[NewEvent]]:
    def resent(stored: Sequence[RecordedEvent]) -> list[NewEvent]:
        computed = CODEC.decode(stored[0])
        assert isinstance(computed, FullSetComputed)
        return [CODEC.encode(FullSetResent(set_kind=chased.set_kind, target_id=chased.target_id,
                                           version=computed.version, items=computed.items,
                                           attempt=chased.attempt))]  # fmt: skip

    return resent


async def push(work: UnitOfWork, kind: str, target_id: uuid.UUID, items: Items, *, again: bool = False) -> int:
    """Record (and so send) the target's complete set if it changed; with ``again``, an unchanged one is sent again.
    Returns the version the target should hold (0: none was ever computed)."""

    def deciding(current: FullSet) -> list[FullSetEvent]:
        computed = compute(current, kind, target_id, items)
        return computed if computed or not (again and current.version) else resend(current, kind, target_id, 1)

    after, decided = await _decide(work, kind, target_id, deciding)
    if any(isinstance(event, FullSetVersioned) for event in decided):
        computed = FullSetComputed(set_kind=kind, target_id=target_id, version=after.version, items=items)
        await work.start(version_stream_id(kind, target_id, after.version), [CODEC.encode(computed)])
    await _send_again(work, kind, target_id, decided)
    return after.version


async def acknowledge(work: UnitOfWork, kind: str, target_id: uuid.UUID, version: int) -> None:
    await _decide(work, kind, target_id, lambda current: held(current, kind, target_id, version))


async def report(work: UnitOfWork, kind: str, target_id: uuid.UUID, version: int) -> None:
    _, decided = await _decide(work, kind, target_id, lambda current: reported(current, kind, target_id, version))
    await _send_again(work, kind, target_id, decided)


async def follow_up(work: UnitOfWork, kind: str, target_id: uuid.UUID, max_attempts: int) -> None:
    _, decided = await _decide(work, kind, target_id, lambda current: chase(current, kind, target_id, max_attempts))
    await _send_again(work, kind, target_id, decided)


async def newest(work: UnitOfWork, kind: str, target_id: uuid.UUID) -> tuple[FullSet, Items]:
    """The control state and the newest set's items (none: empty)."""
    current = await work.load(stream_id(kind, target_id), CONTROL)
    if not current.version:
        return current, []
    stored = await work.load(version_stream_id(kind, target_id, current.version), _stored)
    computed = CODEC.decode(stored[0])
    assert isinstance(computed, FullSetComputed)
    return current, computed.items


def full_sets_ddl(schema: str) -> str:
    return f"""CREATE TABLE {identifier(schema)}.full_sets (
        set_kind text NOT NULL,
        target_id uuid NOT NULL,
        version integer NOT NULL,
        applied integer NOT NULL DEFAULT 0,
        attempts integer NOT NULL,
        sent_at timestamptz NOT NULL,
        PRIMARY KEY (set_kind, target_id)
    )"""


async def _project(conn: Any, s: str, r: RecordedEvent) -> None:
    kind, target = r.data["set_kind"], uuid.UUID(r.data["target_id"])
    if r.type == FullSetVersioned.__name__:
        await conn.execute(
            f"""INSERT INTO {s}.full_sets (set_kind, target_id, version, attempts, sent_at) VALUES ($1, $2, $3, 1, $4)
                ON CONFLICT (set_kind, target_id) DO UPDATE SET version = excluded.version, attempts = 1,
                    sent_at = excluded.sent_at""",
            kind, target, r.data["version"], r.recorded_at,
        )  # fmt: skip
    elif r.type == FullSetChased.__name__:
        await conn.execute(
            f"UPDATE {s}.full_sets SET attempts = $3, sent_at = $4 WHERE set_kind = $1 AND target_id = $2",
            kind, target, r.data["attempt"], r.recorded_at,
        )  # fmt: skip
    else:
        await conn.execute(
            f"UPDATE {s}.full_sets SET applied = greatest(applied, $3) WHERE set_kind = $1 AND target_id = $2",
            kind, target, r.data["version"],
        )  # fmt: skip


PROJECTION = Projection(
    "full_sets", ["full_sets"], {kind.__name__: _project for kind in (FullSetVersioned, FullSetChased, FullSetHeld)}
)


async def unanswered(pool: Any, schema: str, kind: str, unanswered_for: float, max_attempts: int) -> list[uuid.UUID]:
    """Targets that have not said they hold their newest set within ``unanswered_for`` seconds, with sends left."""
    rows = await pool.fetch(
        f"""SELECT target_id FROM {identifier(schema)}.full_sets
            WHERE set_kind = $1 AND applied < version AND attempts < $3
              AND sent_at < now() - make_interval(secs => $2)
            ORDER BY sent_at LIMIT 500""",
        kind, unanswered_for, max_attempts,
    )  # fmt: skip
    return [row["target_id"] for row in rows]
