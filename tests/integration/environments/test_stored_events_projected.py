"""Rows stored before typed events project into the same tables as they did then (no migration of stored events)."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from common.projections import apply_all
from environments.adapters.projections import PROJECTIONS
from tests.integration.environments.conftest import EnvironmentsUnderTest
from tests.unit.environments.stored import stored_events

EXPECTED = Path(__file__).with_name("stored_events_projected.json")
TABLES = {
    "environments": "id",
    "environment_history": "environment_id, version",
    "agent_commands": "issued_at, command_id",
}


@pytest.fixture
async def scratch(environments: EnvironmentsUnderTest) -> AsyncIterator[str]:
    pool, schema = environments.runtime.pool, f"stored_{uuid.uuid4().hex[:8]}"
    await pool.execute(f"CREATE SCHEMA {schema}")
    for table in TABLES:
        await pool.execute(f"CREATE TABLE {schema}.{table} (LIKE environments.{table} INCLUDING ALL)")
    yield schema
    await pool.execute(f"DROP SCHEMA {schema} CASCADE")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else str(value) if isinstance(value, uuid.UUID) else value


async def _rows(pool: asyncpg.Pool, schema: str, table: str) -> list[dict[str, Any]]:
    rows = await pool.fetch(f"SELECT * FROM {schema}.{table} ORDER BY {TABLES[table]}")
    return [{key: _plain(value) for key, value in row.items()} for row in rows]


async def test_stored_rows_project_as_they_did(environments: EnvironmentsUnderTest, scratch: str) -> None:
    pool = environments.runtime.pool
    async with pool.acquire() as conn:
        await apply_all(conn, scratch, PROJECTIONS, stored_events())
    projected = {table: await _rows(pool, scratch, table) for table in TABLES}
    assert projected == json.loads(EXPECTED.read_text())
