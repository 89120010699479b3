"""Scratch schemas holding the spine tables, for tests of the shared plumbing."""

from __future__ import annotations

import uuid

import asyncpg

from common.migrations.spine import spine_ddl


async def create_scratch_schema(pool: asyncpg.Pool, extra_ddl: tuple[str, ...] = ()) -> str:
    schema = f"scratch_{uuid.uuid4().hex[:10]}"
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute(f"CREATE SCHEMA {schema}")
        for statement in spine_ddl(schema):
            await conn.execute(statement)
        for statement in extra_ddl:
            await conn.execute(statement.format(s=schema))
    return schema
