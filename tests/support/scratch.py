"""Scratch schemas: holding the spine tables, for tests of the shared plumbing, or migrated as a service's."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg

from common.migrations import upgrade_async
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


@asynccontextmanager
async def migrated_schema(pool: asyncpg.Pool, database_url: str, prefix: str, migrations: Path) -> AsyncIterator[str]:
    """A schema of the test's own, migrated as the service's is (no worker of the service touches it), then dropped."""
    name = f"{prefix}_t_{uuid.uuid4().hex[:10]}"
    await upgrade_async(database_url, name, migrations)
    yield name
    await pool.execute(f"DROP SCHEMA {name} CASCADE")
