"""Running the gateway's units of work on Postgres: its projections follow every append, in the same transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from common.eventstore import PostgresEventStore
from common.unit_of_work import ATTEMPTS, PostgresRunner, Work
from gateway.adapters.directory import PostgresDirectory
from gateway.adapters.projections import PROJECTIONS
from gateway.adapters.vault import PostgresVault
from gateway.service_layer.work import TypedWork, Unit

T = TypeVar("T")


class PostgresUnits:
    def __init__(self, store: PostgresEventStore, attempts: int = ATTEMPTS) -> None:
        self.store, self.runner = store, PostgresRunner(store, PROJECTIONS, attempts)

    async def __call__(self, unit: Callable[[Unit], Awaitable[T]]) -> T:
        async def typed(work: Work) -> T:
            conn, schema = work.conn, work.schema

            async def lock(key: str) -> None:
                # takes no transaction id, so it may come before the first append
                await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", key)

            return await unit(TypedWork(work, PostgresDirectory(conn, schema), PostgresVault(conn, schema), lock))

        return await self.runner(typed)

    async def allocate_organisation_id(self) -> int:
        """Outside any unit: ``nextval`` would give the unit's transaction an id before its first append."""
        return int(await self.store.pool.fetchval(f"SELECT nextval('{self.store.schema}.organisation_ids')"))
