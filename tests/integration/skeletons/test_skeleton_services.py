"""streams, scheduler, billing and alerts: they migrate, answer their probes and consume their organisations queue."""

from __future__ import annotations

import asyncio
import os
import random
import sys
import uuid
from typing import Any

import aiohttp
import asyncpg
import pytest
from aiohttp.test_utils import TestServer
from alembic.script import ScriptDirectory
from prometheus_client import REGISTRY

from common.bus.publisher import Publisher
from common.bus.topology import route
from common.contracts import envelope_for
from common.migrations import alembic_config
from gateway.contract.events import OrganisationDeleted
from tests.integration.skeletons.services import SKELETONS

NAMES = sorted(SKELETONS)


async def until(predicate: Any, timeout: float = 15) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await predicate():
        assert asyncio.get_running_loop().time() < deadline, "condition not reached in time"
        await asyncio.sleep(0.05)


def head_revision(name: str) -> str | None:
    migrations = SKELETONS[name].spec(SKELETONS[name].settings(SWITCHYARD_INTERNAL_KEY="anything")).migrations
    return ScriptDirectory.from_config(alembic_config("postgresql://unused", name, migrations)).get_current_head()


def new_organisation_id() -> int:
    return random.randint(1_000_000, 2**31 - 1)


def duplicates_seen(name: str) -> float:
    labels = {"service": name, "queue": f"{name}.organisations", "outcome": "duplicate"}
    return REGISTRY.get_sample_value("switchyard_messages_consumed_total", labels) or 0.0


async def deleted_rows(pool: asyncpg.Pool, name: str, organisation_id: int) -> list[asyncpg.Record]:
    return await pool.fetch(f"SELECT * FROM {name}.deleted_organisations WHERE organisation_id = $1", organisation_id)


@pytest.mark.parametrize("name", NAMES)
async def test_the_migrate_command_brings_the_schema_to_head(name: str, database_url: str, pool: asyncpg.Pool) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "SWITCHYARD_INTERNAL_KEY": "anything"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", name, "migrate", env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, (stdout + stderr).decode()
    assert await pool.fetchval(f"SELECT version_num FROM {name}.alembic_version") == head_revision(name)
    assert await pool.fetchval("SELECT to_regclass($1)::text", f"{name}.deleted_organisations")


@pytest.mark.parametrize("name", NAMES)
async def test_probes_answer(name: str, skeletons: dict[str, TestServer], http: aiohttp.ClientSession) -> None:
    base = str(skeletons[name].make_url("")).rstrip("/")
    async with http.get(f"{base}/health") as response:
        assert response.status == 200
        assert await response.json() == {"status": "ok", "service": name}
    async with http.get(f"{base}/ready") as response:
        assert response.status == 200
        assert (await response.json())["checks"] == {"postgres": True, "rabbitmq": True}
    async with http.get(f"{base}/metrics") as response:
        assert response.status == 200
        assert f'switchyard_http_requests_total{{method="GET",route="/ready",service="{name}",status="200"}}' in (
            await response.text()
        )


async def test_an_unsigned_internal_call_is_refused(
    skeletons: dict[str, TestServer], http: aiohttp.ClientSession
) -> None:
    for server in skeletons.values():
        async with http.get(server.make_url("/api/anything")) as response:
            assert response.status == 401


async def test_every_service_records_a_deleted_organisation(
    skeletons: dict[str, TestServer], publisher: Publisher, pool: asyncpg.Pool
) -> None:
    organisation_id = new_organisation_id()
    envelope = await publisher.publish(OrganisationDeleted(organisation_id=organisation_id), correlation_id="c-del")

    async def recorded_everywhere() -> bool:
        return all([await deleted_rows(pool, name, organisation_id) for name in skeletons])

    await until(recorded_everywhere)
    for name in skeletons:
        [row] = await deleted_rows(pool, name, organisation_id)
        assert row["deleted_at"] == envelope.occurred_at


async def test_a_redelivered_deletion_is_recorded_once(
    skeletons: dict[str, TestServer], publisher: Publisher, pool: asyncpg.Pool
) -> None:
    message = OrganisationDeleted(organisation_id=new_organisation_id())
    envelope = envelope_for(message, producer="gateway", correlation_id=f"c-{uuid.uuid4().hex[:8]}")
    before = {name: duplicates_seen(name) for name in skeletons}
    for _ in range(2):
        await publisher.publish_envelope(envelope, *route(message))

    async def duplicate_skipped_everywhere() -> bool:
        return all(duplicates_seen(name) == before[name] + 1 for name in skeletons)

    await until(duplicate_skipped_everywhere)
    for name in skeletons:
        assert len(await deleted_rows(pool, name, message.organisation_id)) == 1
        inbox = await pool.fetchval(
            f"SELECT count(*) FROM {name}.inbox WHERE consumer = $1 AND message_id = $2",
            f"{name}.organisations",
            envelope.message_id,
        )
        assert inbox == 1
