"""An environment's turn for machine work: one holder at a time across replicas and tasks, no snapshot held."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable

import asyncpg
import pytest

from environments.adapters.turns import PostgresTurns
from environments.context import TURNS
from tests.integration.spine.test_own_transaction import snapshots_held


@pytest.fixture
async def replicas(database_url: str) -> AsyncIterator[tuple[PostgresTurns, PostgresTurns]]:
    def connect() -> Awaitable[asyncpg.Connection]:
        return asyncpg.connect(database_url, server_settings={"application_name": TURNS})

    pair = (PostgresTurns(connect), PostgresTurns(connect))
    yield pair
    for turns in pair:
        await turns.close()


async def test_one_holder_at_a_time_across_replicas_and_tasks_and_none_holds_a_snapshot(
    replicas: tuple[PostgresTurns, PostgresTurns], pool: asyncpg.Pool
) -> None:
    environment_id, inside, overlaps, held = uuid.uuid4(), [0], [], []

    async def machine_work(turns: PostgresTurns) -> None:
        async with turns(environment_id):
            inside[0] += 1
            overlaps.append(inside[0])
            held.append(await snapshots_held(pool, TURNS))
            await asyncio.sleep(0.05)
            inside[0] -= 1

    await asyncio.gather(*(machine_work(replicas[n % 2]) for n in range(8)))
    assert overlaps == [1] * 8, "never two at once"
    assert held == [0] * 8, "taking, holding and waiting for turns holds no snapshot"


async def test_other_environments_do_not_wait(replicas: tuple[PostgresTurns, PostgresTurns]) -> None:
    first, other = replicas
    async with first(uuid.uuid4()):
        await asyncio.wait_for(_take_and_leave(other, uuid.uuid4()), 2)


async def test_a_turn_ends_with_the_work_that_failed(replicas: tuple[PostgresTurns, PostgresTurns]) -> None:
    first, other = replicas
    environment_id = uuid.uuid4()
    with pytest.raises(RuntimeError):
        async with first(environment_id):
            raise RuntimeError("the launch failed")
    await asyncio.wait_for(_take_and_leave(other, environment_id), 2)


async def _take_and_leave(turns: PostgresTurns, environment_id: uuid.UUID) -> None:
    async with turns(environment_id):
        pass
