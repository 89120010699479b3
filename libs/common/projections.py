"""Projections: plain tables kept in step with the events in the same transaction, and rebuildable.

A projection is a set of tables plus a function per event type that updates them. Functions get
the schema to write to, so the same code fills the live tables during appends and fresh tables
during a rebuild. They must depend only on the event (use ``event.recorded_at``, never ``now()``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from common.db import identifier
from common.eventstore.model import START, RecordedEvent
from common.eventstore.postgres import read_after

ProjectFn = Callable[[Any, str, RecordedEvent], Awaitable[None]]


@dataclass(frozen=True)
class Projection:
    name: str
    tables: Sequence[str]
    handlers: Mapping[str, ProjectFn] = field(default_factory=dict)

    async def apply(self, conn: Any, schema: str, event: RecordedEvent) -> None:
        handler = self.handlers.get(event.type)
        if handler is not None:
            await handler(conn, schema, event)


async def apply_all(conn: Any, schema: str, projections: Iterable[Projection], events: Iterable[RecordedEvent]) -> None:
    projections = list(projections)
    for event in events:
        for projection in projections:
            await projection.apply(conn, schema, event)


async def rebuild_into(
    pool: asyncpg.Pool, schema: str, target: str, projections: Sequence[Projection], batch: int = 1000,
    settle_seconds: float = 60.0,
) -> None:  # fmt: skip
    """Create empty copies of the projection tables in ``target`` and replay every event into them: every event
    committed when it starts, and maybe some after."""
    schema, target = identifier(schema), identifier(target)
    async with pool.acquire() as conn:
        await _until_readable(conn, schema, settle_seconds)
        await conn.execute(f"DROP SCHEMA IF EXISTS {target} CASCADE; CREATE SCHEMA {target}")
        for table in _tables(projections):
            await conn.execute(f"CREATE TABLE {target}.{table} (LIKE {schema}.{table} INCLUDING ALL)")
        checkpoint = START
        while events := await read_after(conn, schema, checkpoint, batch):
            async with conn.transaction():
                await apply_all(conn, target, projections, events)
            checkpoint = events[-1].checkpoint


class RebuildStalled(RuntimeError):
    pass


async def _until_readable(conn: Any, schema: str, within: float) -> None:
    """Readers see events only below the oldest transaction still running anywhere in the database (the store's
    horizon): a long transaction, even of another service, hides what committed after it began. A rebuild that
    started reading then would miss those events, and ``replace_live`` would lose their rows; so it waits until
    everything committed now is readable, and refuses to go on without it."""
    deadline = asyncio.get_running_loop().time() + within
    newest = await conn.fetchval(f"SELECT max(txid) FROM {schema}.events")
    while newest is not None and not await conn.fetchval("SELECT pg_snapshot_xmin(pg_current_snapshot()) > $1", newest):
        if asyncio.get_running_loop().time() > deadline:
            raise RebuildStalled(f"a transaction open for over {within:.0f} s hides events from the rebuild")
        await asyncio.sleep(0.05)


async def differences(
    pool: asyncpg.Pool, schema: str, target: str, projections: Sequence[Projection]
) -> dict[str, int]:
    """Rows present in one copy of each table but not the other (0 everywhere means identical)."""
    result = {}
    async with pool.acquire() as conn:
        for table in _tables(projections):
            live, rebuilt = f"{identifier(schema)}.{table}", f"{identifier(target)}.{table}"
            result[table] = await conn.fetchval(
                f"SELECT (SELECT count(*) FROM (TABLE {live} EXCEPT ALL TABLE {rebuilt}) a)"
                f"     + (SELECT count(*) FROM (TABLE {rebuilt} EXCEPT ALL TABLE {live}) b)"
            )
    return result


async def replace_live(pool: asyncpg.Pool, schema: str, target: str, projections: Sequence[Projection]) -> None:
    """Copy the rebuilt tables over the live ones in one transaction, then drop the rebuild schema.

    Run it with the service stopped: events appended during the rebuild would be missing.
    """
    tables = _tables(projections)
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute(f"TRUNCATE {', '.join(f'{identifier(schema)}.{t}' for t in tables)}")
        for table in tables:
            await conn.execute(f"INSERT INTO {identifier(schema)}.{table} TABLE {identifier(target)}.{table}")
        await conn.execute(f"DROP SCHEMA {identifier(target)} CASCADE")


def _tables(projections: Sequence[Projection]) -> list[str]:
    return [identifier(t) for p in projections for t in p.tables]
