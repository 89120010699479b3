"""Running a command against one aggregate: load, decide, append, project; retried on conflicts."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from common.errors import Conflict
from common.eventstore import ConcurrencyError, NewEvent, PostgresEventStore, RecordedEvent
from common.eventstore.postgres import PostgresTransaction
from common.projections import Projection, apply_all

S = TypeVar("S")
T = TypeVar("T")
ATTEMPTS = 6
Fold = Callable[[Sequence[RecordedEvent]], S]
Decide = Callable[[S], Sequence[NewEvent]]


async def decide_in(
    tx: PostgresTransaction,
    projections: Sequence[Projection],
    stream_id: str,
    fold: Fold[S],
    decide: Decide[S],
    *,
    lock: bool = False,
) -> tuple[S, list[RecordedEvent]]:
    """Within an open transaction (a consumer's, say): decide against the stream and append; conflicts propagate."""
    history = await tx.load(stream_id, lock=lock)
    state = fold(history)
    recorded = await tx.append(stream_id, len(history), decide(state))
    await apply_all(tx.conn, tx.schema, projections, recorded)
    return state, recorded


async def in_transaction(
    store: PostgresEventStore, unit: Callable[[PostgresTransaction], Awaitable[T]], attempts: int = ATTEMPTS
) -> T:
    """Run ``unit`` in a transaction of its own; on a concurrent append, run it again, then give up (409)."""
    return await _retrying(store, lambda _: unit, attempts)


async def execute(
    store: PostgresEventStore,
    projections: Sequence[Projection],
    stream_id: str,
    fold: Fold[S],
    decide: Decide[S],
    attempts: int = ATTEMPTS,
) -> tuple[S, list[RecordedEvent]]:
    """Decide against one stream in a transaction of its own, retried on conflicts.

    The first attempt is optimistic. Once it collided, the stream is busy: later attempts take the
    stream's lock first, so its writers (in this process or another replica) take turns instead
    of colliding again.
    """

    def attempt(number: int) -> Callable[[PostgresTransaction], Awaitable[tuple[S, list[RecordedEvent]]]]:
        return lambda tx: decide_in(tx, projections, stream_id, fold, decide, lock=number > 0)

    return await _retrying(store, attempt, attempts)


async def _retrying(
    store: PostgresEventStore, unit_for: Callable[[int], Callable[[PostgresTransaction], Awaitable[T]]], attempts: int
) -> T:
    for number in range(attempts):
        try:
            async with store.transaction() as tx:
                return await unit_for(number)(tx)
        except ConcurrencyError:
            # Writers that collided once collide again if they retry in step: spread them out.
            await asyncio.sleep(random.uniform(0, 0.005 * 2**number))  # noqa: S311 (jitter, not secrecy)
    raise Conflict("what this request changes kept changing under it; try again")
