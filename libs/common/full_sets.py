"""Versioned full sets pushed to one target (a c_env): what a service wants the target to hold, never a delta.

Each (kind, target) is one event stream. Recomputing appends the complete new set with the next version, so
versions only grow and two recomputes of one target (two replicas, say) collide on the stream instead of both
pushing: the unit's retry decides again on what the winner recorded. A set equal to the last one records nothing.
The target answers with the version it holds (``held``) and reports it when it (re)connects (``reported``); a
version it lacks goes again, a few times (``chase``). A service binds these events into its codec, projects them
with ``PROJECTION`` (the ``full_sets`` table, made by ``full_sets_ddl``), translates ``FullSetComputed`` and
``FullSetResent`` of its kind into its own command, and sweeps ``unanswered``. Decision 52.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from typing import Any

from pydantic import BaseModel, ConfigDict

from common.db import identifier
from common.eventstore import RecordedEvent
from common.projections import Projection

Items = list[dict[str, Any]]


class FullSetEvent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    set_kind: str
    target_id: uuid.UUID


class FullSetComputed(FullSetEvent):
    version: int
    items: Items


class FullSetResent(FullSetEvent):
    """The target lacked ``version``: it goes again, as send number ``attempt``."""

    version: int
    items: Items
    attempt: int


class FullSetHeld(FullSetEvent):
    version: int


EVENTS: tuple[type[FullSetEvent], ...] = (FullSetComputed, FullSetResent, FullSetHeld)


@dataclass(frozen=True)
class FullSet:
    version: int = 0  # of the newest set computed
    items: tuple[dict[str, Any], ...] = ()
    applied: int = 0  # the newest version the target said it holds
    attempts: int = 0  # sends of ``version`` so far

    @property
    def settled(self) -> bool:
        return self.applied >= self.version


def stream_id(kind: str, target_id: uuid.UUID) -> str:
    return f"{kind}-set-{target_id}"


def evolve(current: FullSet, event: object) -> FullSet:
    match event:
        case FullSetComputed():
            return FullSet(event.version, tuple(event.items), current.applied, 1)
        case FullSetResent():
            return FullSet(current.version, current.items, current.applied, event.attempt)
        case FullSetHeld():
            return FullSet(current.version, current.items, max(current.applied, event.version), current.attempts)
    return current


def fold(events: Sequence[object]) -> FullSet:
    return reduce(evolve, events, FullSet())


def compute(current: FullSet, kind: str, target_id: uuid.UUID, items: Items) -> list[FullSetEvent]:
    """The complete new set; the same items as the newest set record nothing (nothing to push)."""
    if list(current.items) == items:
        return []
    return [FullSetComputed(set_kind=kind, target_id=target_id, version=current.version + 1, items=items)]


def held(current: FullSet, kind: str, target_id: uuid.UUID, version: int) -> list[FullSetEvent]:
    """The target holds ``version``: one older than what it said before, or newer than any computed, is noise."""
    if not current.applied < version <= current.version:
        return []
    return [FullSetHeld(set_kind=kind, target_id=target_id, version=version)]


def resend(current: FullSet, kind: str, target_id: uuid.UUID, attempt: int) -> list[FullSetEvent]:
    return [FullSetResent(set_kind=kind, target_id=target_id, version=current.version, items=list(current.items),
                          attempt=attempt)]  # fmt: skip


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
    if r.type == FullSetComputed.__name__:
        await conn.execute(
            f"""INSERT INTO {s}.full_sets (set_kind, target_id, version, attempts, sent_at) VALUES ($1, $2, $3, 1, $4)
                ON CONFLICT (set_kind, target_id) DO UPDATE SET version = excluded.version, attempts = 1,
                    sent_at = excluded.sent_at""",
            kind, target, r.data["version"], r.recorded_at,
        )  # fmt: skip
    elif r.type == FullSetResent.__name__:
        await conn.execute(
            f"UPDATE {s}.full_sets SET attempts = $3, sent_at = $4 WHERE set_kind = $1 AND target_id = $2",
            kind, target, r.data["attempt"], r.recorded_at,
        )  # fmt: skip
    else:
        await conn.execute(
            f"UPDATE {s}.full_sets SET applied = greatest(applied, $3) WHERE set_kind = $1 AND target_id = $2",
            kind, target, r.data["version"],
        )  # fmt: skip


PROJECTION = Projection("full_sets", ["full_sets"], {kind.__name__: _project for kind in EVENTS})


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
