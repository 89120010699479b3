"""A cache of what the gateway reads from its own projections, for the hottest reads (every request's principal,
``GET /api/user``).

Everything cached is a projection of the gateway's own events, so the cache is dropped whenever
the log moves: at once after a commit in this process, and within a poll interval when another
replica commits (``watch_log``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar, cast

import asyncpg

from common.eventstore.model import Checkpoint
from common.eventstore.postgres import read_after
from common.logging import get_logger

log = get_logger(__name__)
V = TypeVar("V")


class ReadCache:
    """Values read from the gateway's projections (principals, the signed-in user's details), dropped whole when the
    log moves.

    A lookup that started before a drop must not store what it read: it may predate the change.
    The generation counter tells them apart.
    """

    def __init__(self, max_entries: int = 10_000) -> None:
        self.max_entries = max_entries
        self._entries: dict[Hashable, Any] = {}
        self._generation = 0

    def invalidate(self) -> None:
        self._generation += 1
        self._entries.clear()

    async def get(self, key: Hashable, load: Callable[[], Awaitable[V]]) -> V:
        if key in self._entries:
            return cast(V, self._entries[key])
        generation = self._generation
        value = await load()
        if generation == self._generation:
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
            self._entries[key] = value
        return value


async def watch_log(pool: asyncpg.Pool, schema: str, cache: ReadCache, every: float) -> None:
    """Drop the cache when events committed elsewhere (another replica) appear in the log.

    While the log cannot be read, nothing cached can be trusted either: the cache stays empty.
    """
    checkpoint: Checkpoint | None = None
    while True:
        try:
            checkpoint = checkpoint or await _end_of_log(pool, schema)
            if seen := await read_after(pool, schema, checkpoint, 1000):
                cache.invalidate()
                checkpoint = seen[-1].checkpoint
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            log.warning("principal_watch_failed", error=repr(exc))
            cache.invalidate()
        await asyncio.sleep(every)


async def _end_of_log(pool: asyncpg.Pool, schema: str) -> Checkpoint:
    row = await pool.fetchrow(
        f"""SELECT txid, position FROM {schema}.events WHERE txid < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY txid DESC, position DESC LIMIT 1"""
    )
    return Checkpoint(row["txid"], row["position"]) if row else Checkpoint(0, 0)
