"""Projections rebuilt from the events equal the live tables kept in step with the appends."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest
from aiohttp.test_utils import TestClient, TestServer

from common.http.app import RUNTIME, create_app
from common.projections import RebuildStalled, differences, rebuild_into, replace_live
from common.settings import ServiceSettings
from tests.support.demo.service import ITEMS, demo_spec
from tests.support.signing import signed


@pytest.fixture
async def demo(database_url: str, amqp_url: str, internal_key: str) -> AsyncIterator[TestClient]:
    settings = ServiceSettings(DATABASE_URL=database_url, AMQP_URL=amqp_url, SWITCHYARD_INTERNAL_KEY=internal_key)
    app = create_app(demo_spec(settings, f"rebuild_{uuid.uuid4().hex[:8]}"))
    async with TestClient(TestServer(app)) as client:
        for n in range(12):
            item = {"name": f"item{n}", "size": n}
            created = await client.post(
                "/api/items/", json=item, headers=signed(internal_key, "POST", "/api/items/", body=item)
            )
            item = await created.json()
            if n % 3 == 0:
                path = f"/api/items/{item['id']}/"
                renamed_to = {"name": f"new{n}", "size": n}
                renamed = await client.patch(
                    path, json=renamed_to, headers=signed(internal_key, "PATCH", path, body=renamed_to)
                )
                assert renamed.status == 200
        yield client


async def test_rebuilt_tables_equal_the_live_ones(demo: TestClient) -> None:
    runtime = demo.app[RUNTIME]
    schema, target = runtime.store.schema, f"{runtime.store.schema}_rebuild"
    await rebuild_into(runtime.pool, schema, target, [ITEMS])
    assert await differences(runtime.pool, schema, target, [ITEMS]) == {"items": 0}
    assert await runtime.pool.fetchval(f"SELECT count(*) FROM {target}.items WHERE renamed_count = 1") == 4


async def test_a_drifted_live_table_is_detected_and_repaired(demo: TestClient) -> None:
    runtime = demo.app[RUNTIME]
    pool: asyncpg.Pool = runtime.pool
    schema, target = runtime.store.schema, f"{runtime.store.schema}_rebuild"
    await pool.execute(f"UPDATE {schema}.items SET size = size + 100 WHERE name = 'item1'")
    await rebuild_into(pool, schema, target, [ITEMS])
    assert await differences(pool, schema, target, [ITEMS]) == {"items": 2}
    await replace_live(pool, schema, target, [ITEMS])
    assert await pool.fetchval(f"SELECT size FROM {schema}.items WHERE name = 'item1'") == 1
    await rebuild_into(pool, schema, target, [ITEMS])
    assert await differences(pool, schema, target, [ITEMS]) == {"items": 0}


async def test_a_rebuild_waits_for_what_an_older_open_transaction_hides_and_refuses_to_miss_it(
    demo: TestClient, database_url: str, internal_key: str
) -> None:
    runtime = demo.app[RUNTIME]
    schema, target = runtime.store.schema, f"{runtime.store.schema}_rebuild"
    blocker = await asyncpg.connect(database_url)
    hiding = blocker.transaction()
    await hiding.start()
    await blocker.fetchval("SELECT pg_current_xact_id()")  # older than the writes below: readers stop before it
    item = {"name": "late", "size": 99}
    headers = signed(internal_key, "POST", "/api/items/", body=item)
    assert (await demo.post("/api/items/", json=item, headers=headers)).status == 201
    try:
        with pytest.raises(RebuildStalled):
            await rebuild_into(runtime.pool, schema, target, [ITEMS], settle_seconds=0.3)
        rebuilding = asyncio.create_task(rebuild_into(runtime.pool, schema, target, [ITEMS]))
        await asyncio.sleep(0.3)
        assert not rebuilding.done()
    finally:
        await hiding.rollback()
        await blocker.close()
    await rebuilding
    assert await differences(runtime.pool, schema, target, [ITEMS]) == {"items": 0}
    assert await runtime.pool.fetchval(f"SELECT count(*) FROM {target}.items WHERE name = 'late'") == 1
