"""Figure 4: the log read with ``read_after`` in pages, against one raw SELECT of the same rows (same pool, codecs)."""

from __future__ import annotations

import time
from typing import Any

import asyncpg

from bench.scale import Scale
from bench.spine import fill, make_schema
from bench.table import Figure, Target, compared, interleave, say, spread
from common.eventstore.model import START
from common.eventstore.postgres import read_after

PAGE = 500
COLUMNS = "stream_id, version, type, data, metadata, position, txid, recorded_at"


async def figures(pool: asyncpg.Pool, scale: Scale) -> list[Figure]:
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
    rates = await interleave({"read_after": paged, "select": select}, 3 * scale.rounds)  # rounds are short
    for name, values in rates.items():
        say(f"read {scale.read_events} events, {name}: {spread(values, 'events/s')}")
    return [compared(f"read_after pages of {PAGE}, vs one SELECT", "ev/s", rates["select"], rates["read_after"],
                     Target(at_least=0.5))]  # fmt: skip


def checked(seen: int, expected: int) -> int:
    if seen != expected:
        raise RuntimeError(f"read {seen} events, expected {expected}")
    return seen
