"""Figures 1-4: event-store appends (and reads) against raw asyncpg on an equal table and the eventsourcing library.

Every contender works on the same database through a pool made by ``common.db.create_pool`` with as many
connections as there are writers; the raw baseline writes to a table with the events table's own DDL in
another schema.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import asyncpg

from bench import reads
from bench.es_recorder import TheirRecorder
from bench.scale import Scale
from bench.spine import DATA, METADATA, TYPE, make_schema
from bench.table import Figure, Target, compared, interleave, say, spread
from common.db import create_pool
from common.eventstore.model import NewEvent
from common.eventstore.postgres import PostgresEventStore

WRITERS = 8
NAMES = ("append", "append-seq", "eventsourcing", "read")

Writer = Callable[[str, int], Awaitable[None]]  # (stream, version to write)


def rate_of(writer: Writer, writers: int, per_writer: int, prefix: str) -> Callable[[], Awaitable[float]]:
    """A round of ``writers`` concurrent loops of ``per_writer`` one-event transactions; returns events/s."""
    versions = {f"{prefix}-{i}": 0 for i in range(writers)}

    async def loop(stream: str, count: int) -> None:
        for _ in range(count):
            versions[stream] += 1
            await writer(stream, versions[stream])

    async def round_() -> float:
        started = time.perf_counter()
        await asyncio.gather(*(loop(stream, per_writer) for stream in versions))
        return writers * per_writer / (time.perf_counter() - started)

    return round_


def ours(store: PostgresEventStore) -> Writer:
    async def write(stream: str, version: int) -> None:
        async with store.transaction() as tx:
            await tx.append(stream, version - 1, [NewEvent(TYPE, DATA)])

    return write


def raw(pool: asyncpg.Pool, schema: str) -> Writer:
    insert = f"INSERT INTO {schema}.events (stream_id, version, type, data, metadata) VALUES ($1, $2, $3, $4, $5)"

    async def write(stream: str, version: int) -> None:
        async with pool.acquire() as conn, conn.transaction():
            await conn.execute(insert, stream, version, TYPE, DATA, METADATA)

    return write


async def appends(pool: asyncpg.Pool, database_url: str, scale: Scale, wanted: set[str]) -> list[Figure]:
    store = PostgresEventStore(pool, await make_schema(pool, "bench_ours"))
    raw_schema = await make_schema(pool, "bench_raw")
    contenders: dict[str, Callable[[], Awaitable[float]]] = {}
    if wanted & {"append", "eventsourcing"}:
        contenders["ours x8"] = rate_of(ours(store), WRITERS, scale.appends_per_writer, "w")
    if "append" in wanted:
        contenders["raw x8"] = rate_of(raw(pool, raw_schema), WRITERS, scale.appends_per_writer, "w")
    if "append-seq" in wanted:
        contenders["ours x1"] = rate_of(ours(store), 1, scale.appends_sequential, "s")
        contenders["raw x1"] = rate_of(raw(pool, raw_schema), 1, scale.appends_sequential, "s")
    theirs = TheirRecorder(database_url, "bench_eventsourcing", WRITERS) if "eventsourcing" in wanted else None
    try:
        if theirs is not None:
            await asyncio.to_thread(theirs.create)
            contenders["eventsourcing x8"] = lambda: asyncio.to_thread(theirs.round, scale.appends_per_writer)
        for run in contenders.values():
            await run()  # warm up: a first round pays for connecting, prepared statements and cold caches
        rates = await interleave(contenders, scale.rounds)
    finally:
        if theirs is not None:
            theirs.close()
    for name, values in rates.items():
        say(f"append {name}: {spread(values, 'events/s')}")
    return [figure for figure in [
        compared("append, 8 writers, vs raw INSERT", "ev/s", rates["raw x8"], rates["ours x8"],
                 Target(at_least=0.9)) if "append" in wanted else None,
        compared("append, 1 writer, vs raw INSERT", "ev/s", rates["raw x1"], rates["ours x1"],
                 Target(at_least=0.9)) if "append-seq" in wanted else None,
        compared("append, 8 writers, vs eventsourcing", "ev/s", rates["eventsourcing x8"], rates["ours x8"],
                 Target(at_least=3)) if "eventsourcing" in wanted else None,
    ] if figure is not None]  # fmt: skip


async def figures(database_url: str, scale: Scale, wanted: set[str]) -> list[Figure]:
    pool = await create_pool(database_url, min_size=WRITERS, max_size=WRITERS)
    try:
        found = await appends(pool, database_url, scale, wanted) if wanted - {"read"} else []
        return found + (await reads.figures(pool, scale) if "read" in wanted else [])
    finally:
        await pool.close()
