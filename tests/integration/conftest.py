from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest

from common import db
from tests.support.scratch import create_scratch_schema


@pytest.fixture(scope="session")
async def pool(database_url: str) -> AsyncIterator[asyncpg.Pool]:
    created = await db.create_pool(database_url, max_size=20)
    yield created
    await created.close()


@pytest.fixture
async def scratch_schema(pool: asyncpg.Pool) -> str:
    return await create_scratch_schema(pool)
