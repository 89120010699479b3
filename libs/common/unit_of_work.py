"""One way to run a command: load streams, decide, append, project, in one transaction, retried on conflicts.

A use case is a function of a ``UnitOfWork``; a ``Runner`` gives it one and runs it again when
another writer got there first. ``PostgresRunner`` is the services' (projections follow each
append in the same transaction); ``MemoryRunner`` runs the same use case on the in-memory store,
so the service layer can be tested without Postgres.

Retries: the first attempt is optimistic. Once it collided, the streams are busy, and later
attempts take each stream's lock as they load it, so writers take turns instead of colliding
again (a deadlock between two such units is one more collision, retried).

A service whose writes all meet on one stream (streams' environment, which places every input and
output of a c_env) takes turns from the first attempt (``take_turns``): a retry holding the lock is
otherwise overtaken, again and again, by new optimistic writers that never wait for it, and a
steady stream of requests starves it through all its attempts.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol, TypeVar

import asyncpg

from common.errors import Conflict
from common.eventstore import ConcurrencyError, InMemoryEventStore, NewEvent, PostgresEventStore, RecordedEvent
from common.eventstore.model import EventTransaction
from common.eventstore.postgres import PostgresTransaction
from common.folding import FoldedStates, Folding
from common.logging import get_logger
from common.projections import Projection, apply_all

S = TypeVar("S")
T = TypeVar("T")
ATTEMPTS = 6
log = get_logger(__name__)
Fold = Callable[[Sequence[RecordedEvent]], S]
Decide = Callable[[S], Sequence[NewEvent]]


class UnitOfWork(Protocol):
    recorded: list[RecordedEvent]

    async def load(self, stream_id: str, fold: Fold[S]) -> S: ...

    async def decide(self, stream_id: str, fold: Fold[S], decide: Decide[S]) -> S: ...

    async def start(self, stream_id: str, events: Sequence[NewEvent]) -> None: ...


Unit = Callable[[UnitOfWork], Awaitable[T]]


class Runner(Protocol):
    async def __call__(self, unit: Callable[[Any], Awaitable[T]]) -> T: ...


class Work:
    """A unit of work on one open transaction; ``decide`` appends and projects at once, so later reads see it."""

    def __init__(self, tx: EventTransaction, projections: Sequence[Projection] = (), *, lock: bool = False) -> None:
        self.tx = tx
        self.projections = projections
        self.locking = lock
        self.states: FoldedStates = tx.folded  # the store's: a consumer's unit shares them with requests' units
        self.recorded: list[RecordedEvent] = []

    @property
    def conn(self) -> Any:
        assert isinstance(self.tx, PostgresTransaction), "this unit of work has no database connection"
        return self.tx.conn

    @property
    def schema(self) -> str:
        assert isinstance(self.tx, PostgresTransaction), "this unit of work has no database schema"
        return self.tx.schema

    async def load(self, stream_id: str, fold: Fold[S]) -> S:
        return (await self._fold(stream_id, fold))[1]

    async def decide(self, stream_id: str, fold: Fold[S], decide: Decide[S]) -> S:
        """Append what ``decide`` makes of the stream's state; returns that state (before the new events)."""
        version, state = await self._fold(stream_id, fold)
        await self._append(stream_id, version, decide(state))
        return state

    async def start(self, stream_id: str, events: Sequence[NewEvent]) -> None:
        """The first events of a stream no other unit can know of yet (its id is new, or decided on a stream this
        unit appends to), appended without reading it; should it exist after all, the append collides."""
        await self._append(stream_id, 0, events)

    async def _append(self, stream_id: str, version: int, events: Sequence[NewEvent]) -> None:
        recorded = await self.tx.append(stream_id, version, events)
        if self.projections and isinstance(self.tx, PostgresTransaction):
            await apply_all(self.tx.conn, self.tx.schema, self.projections, recorded)
        self.recorded += recorded

    async def _fold(self, stream_id: str, fold: Fold[S]) -> tuple[int, S]:
        """The stream's version and state: a ``Folding`` continues from the state kept of it, if any."""
        if not isinstance(fold, Folding):
            history = await self.tx.load(stream_id, lock=self.locking)
            return len(history), fold(history)
        version, state = self.states.get(stream_id, fold)
        newer = await self.tx.load(stream_id, lock=self.locking, after=version)
        if newer:
            state = fold.evolve_all(state, newer) if version else fold(newer)
            version = newer[-1].version
        if stream_id not in self.tx.written:  # never keep what a rollback may take back
            self.states.keep(stream_id, fold, version, state)
        return version, state


class PostgresRunner:
    def __init__(
        self, store: PostgresEventStore, projections: Sequence[Projection], attempts: int = ATTEMPTS,
        *, take_turns: bool = False,
    ) -> None:  # fmt: skip
        self.store, self.projections, self.attempts, self.take_turns = store, projections, attempts, take_turns

    async def __call__(self, unit: Callable[[Any], Awaitable[T]]) -> T:
        collisions: list[str] = []
        for attempt in range(self.attempts):
            try:
                async with self.store.transaction() as tx:
                    locking = self.take_turns or attempt > 0
                    return await unit(Work(tx, self.projections, lock=locking))
            except (ConcurrencyError, asyncpg.DeadlockDetectedError) as exc:
                collisions.append(str(exc))
                await _spread_out(attempt)
        log.warning("unit_of_work_gave_up", collisions=collisions)
        raise Conflict("what this request changes kept changing under it; try again")


class MemoryRunner:
    """The same units on the in-memory store (no projections: what a unit reads, it reads from streams)."""

    def __init__(self, store: InMemoryEventStore | None = None, attempts: int = ATTEMPTS) -> None:
        self.store, self.attempts = store or InMemoryEventStore(), attempts

    async def __call__(self, unit: Callable[[Any], Awaitable[T]]) -> T:
        for attempt in range(self.attempts):
            try:
                async with self.store.transaction() as tx:
                    return await unit(Work(tx))
            except ConcurrencyError:
                await _spread_out(attempt)
        raise Conflict("what this request changes kept changing under it; try again")


async def _spread_out(attempt: int) -> None:
    # Writers that collided once collide again if they retry in step.
    await asyncio.sleep(random.uniform(0, 0.005 * 2**attempt))  # noqa: S311 (jitter, not secrecy)


async def execute(run: Runner, stream_id: str, fold: Fold[S], decide: Decide[S]) -> tuple[S, list[RecordedEvent]]:
    """Decide against one stream in a unit of its own; returns the state before and what was recorded."""

    async def unit(work: Work) -> tuple[S, list[RecordedEvent]]:
        state = await work.decide(stream_id, fold, decide)
        return state, work.recorded

    return await run(unit)
