"""The body of every service's Alembic ``env.py``: one schema, its version table, one migrator at a time."""

from __future__ import annotations

import asyncio
from typing import Any

from alembic import context
from sqlalchemy import pool, text
from sqlalchemy.ext.asyncio import async_engine_from_config

from common.db import identifier


def _schema() -> str:
    config = context.config
    schema = config.attributes.get("schema") or config.get_main_option("schema")
    if not schema:
        raise RuntimeError("the migration config names no schema")
    return identifier(schema)


def _migrate(connection: Any, schema: str) -> None:
    # Two replicas starting together must not both migrate: the second waits for the first.
    connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"migrate:{schema}"})
    connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
    context.configure(
        connection=connection,
        version_table_schema=schema,
        transactional_ddl=True,
        transaction_per_migration=False,
    )
    context.get_context().opts["schema"] = schema
    with context.begin_transaction():
        context.run_migrations(schema=schema)


async def _run_online(schema: str) -> None:
    engine = async_engine_from_config(
        context.config.get_section(context.config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    async with engine.begin() as connection:
        await connection.run_sync(_migrate, schema)
    await engine.dispose()


def run() -> None:
    if context.is_offline_mode():
        raise RuntimeError("offline (SQL script) migrations are not supported")
    asyncio.run(_run_online(_schema()))
