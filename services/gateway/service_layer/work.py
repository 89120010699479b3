"""Commands that touch several streams: one unit of work (``common.unit_of_work``) on the gateway's projections.

Projections follow each append at once, so later reads in the same transaction see its effects.
The first write of the transaction must be an append (see ``common.eventstore.postgres``), so
writes to tables that are not projections (secrets, tokens) come after the appends.
On a concurrent append to any of the streams the whole unit runs again, then gives up with 409.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from common.eventstore import PostgresEventStore
from common.unit_of_work import ATTEMPTS, PostgresRunner
from common.unit_of_work import Work as UnitOfWork
from gateway.adapters.projections import PROJECTIONS

T = TypeVar("T")


class Work(UnitOfWork):
    async def lock(self, key: str) -> None:
        """Serialise with other units locking ``key`` until commit; it takes no transaction id, so may come first."""
        await self.conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", key)


async def run(store: PostgresEventStore, unit: Callable[[Work], Awaitable[T]], attempts: int = ATTEMPTS) -> T:
    async def as_gateway_work(work: UnitOfWork) -> T:
        return await unit(Work(work.tx, PROJECTIONS, lock=work.locking))

    return await PostgresRunner(store, PROJECTIONS, attempts)(as_gateway_work)
