"""An environment's turn for machine work (launch, release), across replicas, holding no transaction.

A transaction held open through a launch that retries a broker fault for half a minute would keep a
pooled connection from the service's requests and a snapshot from vacuum, per environment being
provisioned. So turns are session-level advisory locks on one connection of their own, outside any
transaction. A session may take a lock it already holds, so tasks of this
process first take turns on an in-process lock. Locks are tried, never waited for: a statement
waiting on a lock holds a snapshot while it waits. If the connection breaks, its locks go with it:
the next turn connects again, and the decisions after each step check the state they act on.
"""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import asyncpg

NAMESPACE = 0x656E76  # "env": two-key advisory locks, a key space apart from the event store's stream locks
RETRY_SECONDS = 0.05
Connect = Callable[[], Awaitable[asyncpg.Connection]]


class PostgresTurns:
    def __init__(self, connect: Connect) -> None:
        self.connect = connect
        self._conn: asyncpg.Connection | None = None
        self._statement = asyncio.Lock()  # one statement at a time on the shared connection
        self._here: dict[uuid.UUID, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def __call__(self, environment_id: uuid.UUID) -> AsyncIterator[None]:
        async with self._in_process(environment_id):
            key = environment_id.int & 0x7FFFFFFF
            await self._take(key)
            try:
                yield
            finally:
                await self._fetch("SELECT pg_advisory_unlock($1, $2)", key)

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()

    async def _take(self, key: int) -> None:
        """Tried again every RETRY_SECONDS while another replica has the turn."""
        for _ in itertools.count():
            if await self._fetch("SELECT pg_try_advisory_lock($1, $2)", key):
                return
            await asyncio.sleep(RETRY_SECONDS)

    async def _fetch(self, sql: str, key: int) -> bool:
        async with self._statement:
            if self._conn is None or self._conn.is_closed():
                self._conn = await self.connect()
            return bool(await self._conn.fetchval(sql, NAMESPACE, key))

    @asynccontextmanager
    async def _in_process(self, environment_id: uuid.UUID) -> AsyncIterator[None]:
        lock, users = self._here.get(environment_id, (asyncio.Lock(), 0))
        self._here[environment_id] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._here[environment_id]
            if users == 1:
                del self._here[environment_id]
            else:
                self._here[environment_id] = (lock, users - 1)
