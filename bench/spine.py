"""The tables the store and relay figures work on: the spine's DDL in schemas of their own, and committed events."""

from __future__ import annotations

import asyncio
import time
import uuid

import asyncpg

from common.migrations.spine import spine_ddl

TYPE = "BenchHappened"
DATA = {"environment_id": str(uuid.uuid4()), "name": "bench-environment", "region": "eu-west-1", "size": 3}
METADATA = {"correlation_id": str(uuid.uuid4()), "causation_id": None, "actor_user_id": None}  # what append stamps


async def make_schema(pool: asyncpg.Pool, schema: str) -> str:
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute(f"CREATE SCHEMA {schema}")
        for statement in spine_ddl(schema):
            await conn.execute(statement)
    return schema


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
