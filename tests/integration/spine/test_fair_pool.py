"""With more callers than connections, each caller gets a connection in the order it asked."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg

from common import db


async def served_in_order(pool: Any, callers: int = 80) -> list[int]:
    """Callers keep arriving while the connections change hands; the order in which they got one."""
    order: list[int] = []

    async def caller(n: int) -> None:
        async with pool.acquire() as conn:
            order.append(n)
            await conn.fetchval("SELECT 1")

    tasks = []
    for n in range(callers):
        tasks.append(asyncio.create_task(caller(n)))
        await asyncio.sleep(0)  # they ask one after another, as requests arrive while others finish
    await asyncio.gather(*tasks)
    return order


async def test_waiting_callers_are_served_first_come_first_served(database_url: str) -> None:
    pool = await db.create_pool(database_url, min_size=2, max_size=2)
    try:
        assert await served_in_order(pool) == list(range(80))
    finally:
        await pool.close()


async def test_asyncpg_s_own_pool_lets_newcomers_overtake(database_url: str) -> None:
    """Why the fair pool exists: this ordering breaks without it (if asyncpg changes, this test says so)."""
    pool = await asyncpg.create_pool(database_url, min_size=2, max_size=2)
    try:
        orders = [await served_in_order(pool) for _ in range(5)]
        assert any(order != sorted(order) for order in orders)
    finally:
        await pool.close()


async def test_a_connection_released_twice_frees_one_turn(database_url: str) -> None:
    pool = await db.create_pool(database_url, min_size=1, max_size=1)
    try:
        conn = await pool.acquire()
        await pool.release(conn)
        await pool.release(conn)  # asyncpg ignores the second; so must the turns
        async with pool.acquire() as again:
            assert await again.fetchval("SELECT 1") == 1
            assert pool._turns.locked()
    finally:
        await pool.close()
