"""asyncpg pools with JSON codecs, and the schema-name guard every dynamic SQL string relies on."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


# A prepared statement (asyncpg prepares each once per connection) settles after five runs on a generic plan made from
# the tables' statistics of that moment, and keeps it until the table is analyzed again: made while a table was small
# (a service just started), it scans the whole table on every run after the table has grown (decisions 90 and 93).
CUSTOM_PLANS = "SET LOCAL plan_cache_mode = force_custom_plan"


def identifier(name: str) -> str:
    """Return name if it is a safe, unquoted Postgres identifier; schema and table names only."""
    if not _IDENTIFIER.match(name):
        raise ValueError(f"not a safe identifier: {name!r}")
    return name


async def _init_connection(conn: asyncpg.Connection) -> None:
    for type_name in ("json", "jsonb"):
        await conn.set_type_codec(type_name, encoder=json.dumps, decoder=json.loads, schema="pg_catalog")


class FairPool(asyncpg.Pool):  # type: ignore[misc]
    """An asyncpg pool whose waiting callers get connections in the order they asked.

    asyncpg's pool hands a released connection to a waiter by waking it; a caller arriving before
    the waiter runs finds the connection free and takes it, and the waiter goes back to the end of
    the line. With more concurrent requests than connections, some requests waited for seconds
    while most took milliseconds. A semaphore as large as the pool, which is first come first
    served, decides who may ask: whoever holds a permit finds a connection free.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._turns = asyncio.Semaphore(kwargs["max_size"])

    async def _acquire(self, timeout: float | None) -> Any:  # noqa: ASYNC109 (asyncpg's signature)
        await self._turns.acquire()
        try:
            return await super()._acquire(timeout)
        except BaseException:
            self._turns.release()
            raise

    async def release(self, connection: Any, *, timeout: float | None = None) -> None:  # noqa: ASYNC109
        held = getattr(connection, "_con", None) is not None  # a second release of the same proxy does nothing
        try:
            await super().release(connection, timeout=timeout)
        finally:
            if held:
                self._turns.release()


async def _keep_session(_: asyncpg.Connection) -> None:
    """Pooled connections never change session state (docs/decisions/0008), so there is nothing to reset."""


async def create_pool(url: str, *, min_size: int = 1, max_size: int = 10, **kwargs: Any) -> asyncpg.Pool:
    pool = FairPool(
        url,
        connection_class=asyncpg.Connection,
        record_class=asyncpg.Record,
        min_size=min_size,
        max_size=max_size,
        max_queries=50_000,
        max_inactive_connection_lifetime=300.0,
        loop=None,
        init=_init_connection,
        reset=_keep_session,
        **kwargs,
    )
    await pool
    return pool


async def connect(url: str) -> asyncpg.Connection:
    conn = await asyncpg.connect(url)
    await _init_connection(conn)
    return conn


@asynccontextmanager
async def custom_planned(pool: Any) -> AsyncIterator[Any]:
    """A pooled connection in a transaction of its own in which each statement is planned for its own values
    (``CUSTOM_PLANS``); ``SET LOCAL`` ends with the transaction, so the pooled connection keeps no session state."""
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute(CUSTOM_PLANS)
        yield conn
