"""Figures 1-4: event-store appends and log reads, against raw asyncpg on an equal table, and the eventsourcing library.

Every contender works on the same database through a pool made by ``common.db.create_pool`` with as many
connections as there are writers; the raw baseline writes to a table with the events table's own DDL in
another schema.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg

from bench.es_recorder import TheirRecorder
from bench.scale import Scale
from bench.table import Figure, Target, interleave, median, say, spread
from common.db import create_pool
from common.eventstore.model import START, NewEvent
from common.eventstore.postgres import PostgresEventStore, read_after
from common.migrations.spine import spine_ddl

WRITERS = 8
PAGE = 500
TYPE = "BenchHappened"
DATA = {"environment_id": str(uuid.uuid4()), "name": "bench-environment", "region": "eu-west-1", "size": 3}
METADATA = {"correlation_id": str(uuid.uuid4()), "causation_id": None, "actor_user_id": None}  # what append stamps
COLUMNS = "stream_id, version, type, data, metadata, position, txid, recorded_at"
NAMES = ("append", "append-seq", "eventsourcing", "read")

Writer = Callable[[str, int], Awaitable[None]]  # (stream, version to write)


async def make_schema(pool: asyncpg.Pool, schema: str) -> str:
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute(f"CREATE SCHEMA {schema}")
        for statement in spine_ddl(schema):
            await conn.execute(statement)
    return schema


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
        Figure("append, 8 writers, vs raw INSERT", "ev/s", median(rates["raw x8"]), median(rates["ours x8"]),
               Target(at_least=0.9)) if "append" in wanted else None,
        Figure("append, 1 writer, vs raw INSERT", "ev/s", median(rates["raw x1"]), median(rates["ours x1"]),
               Target(at_least=0.9)) if "append-seq" in wanted else None,
        Figure("append, 8 writers, vs eventsourcing", "ev/s", median(rates["eventsourcing x8"]),
               median(rates["ours x8"]), Target(at_least=3)) if "eventsourcing" in wanted else None,
    ] if figure is not None]  # fmt: skip


async def settled(pool: asyncpg.Pool, schema: str, limit: float = 120) -> None:
    """Wait until every event is below the readers' horizon: open transactions anywhere on the server hold it back."""
    query = f"SELECT max(txid) < pg_snapshot_xmin(pg_current_snapshot()) FROM {schema}.events"
    deadline = time.monotonic() + limit
    while not await pool.fetchval(query):
        if time.monotonic() > deadline:
            raise TimeoutError(f"events in {schema} still above the read horizon after {limit} s (a long transaction?)")
        await asyncio.sleep(0.1)


async def fill(pool: asyncpg.Pool, schema: str, count: int, batch: int = 1000) -> None:
    """``count`` committed events, ``batch`` to a transaction, one stream per transaction."""
    for start in range(0, count, batch):
        size = min(batch, count - start)
        async with pool.acquire() as conn, conn.transaction():
            await conn.execute(
                f"""INSERT INTO {schema}.events (stream_id, version, type, data, metadata)
                    SELECT $1, v, $2, $3, $4 FROM generate_series(1, $5) AS v""",
                f"fill-{start}", TYPE, DATA, METADATA, size,
            )  # fmt: skip
    await settled(pool, schema)


async def reads(pool: asyncpg.Pool, scale: Scale) -> list[Figure]:
    schema = await make_schema(pool, "bench_read")
    await fill(pool, schema, scale.read_events)

    async def paged() -> float:
        started, checkpoint, seen = time.perf_counter(), START, 0
        async with pool.acquire() as conn:
            while page := await read_after(conn, schema, checkpoint, PAGE):
                seen, checkpoint = seen + len(page), page[-1].checkpoint
        return checked(seen, scale.read_events) / (time.perf_counter() - started)

    async def select() -> float:
        started = time.perf_counter()
        rows: list[Any] = await pool.fetch(f"SELECT {COLUMNS} FROM {schema}.events ORDER BY position")
        return checked(len(rows), scale.read_events) / (time.perf_counter() - started)

    await paged(), await select()  # warm up
    rates = await interleave({"read_after": paged, "select": select}, scale.rounds)
    for name, values in rates.items():
        say(f"read {scale.read_events} events, {name}: {spread(values, 'events/s')}")
    return [Figure(f"read_after pages of {PAGE}, vs one SELECT", "ev/s", median(rates["select"]),
                   median(rates["read_after"]), Target(at_least=0.5))]  # fmt: skip


def checked(seen: int, expected: int) -> int:
    if seen != expected:
        raise RuntimeError(f"read {seen} events, expected {expected}")
    return seen


async def figures(database_url: str, scale: Scale, wanted: set[str]) -> list[Figure]:
    pool = await create_pool(database_url, min_size=WRITERS, max_size=WRITERS)
    try:
        found = await appends(pool, database_url, scale, wanted) if wanted - {"read"} else []
        return found + (await reads(pool, scale) if "read" in wanted else [])
    finally:
        await pool.close()
