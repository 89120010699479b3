"""Deciding against one aggregate's stream: inside a transaction already open (a consumer's), or in one of its own.

Both are the unit of work of ``common.unit_of_work``; this module keeps the one-stream shorthands.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from common.eventstore import PostgresEventStore, RecordedEvent
from common.eventstore.postgres import PostgresTransaction
from common.projections import Projection
from common.unit_of_work import ATTEMPTS, Decide, Fold, PostgresRunner, Work
from common.unit_of_work import execute as execute_with

S = TypeVar("S")
T = TypeVar("T")
__all__ = ["ATTEMPTS", "Decide", "Fold", "decide_in", "execute", "in_transaction"]


async def decide_in(
    tx: PostgresTransaction,
    projections: Sequence[Projection],
    stream_id: str,
    fold: Fold[S],
    decide: Decide[S],
) -> tuple[S, list[RecordedEvent]]:
    """Within an open transaction (a consumer's, say): decide against the stream and append; conflicts propagate."""
    work = Work(tx, projections)
    return await work.decide(stream_id, fold, decide), work.recorded


async def in_transaction(
    store: PostgresEventStore, unit: Callable[[PostgresTransaction], Awaitable[T]], attempts: int = ATTEMPTS
) -> T:
    """Run ``unit`` on a transaction of its own, again on a concurrent append, then give up (409)."""
    return await PostgresRunner(store, (), attempts)(lambda work: unit(work.tx))


async def execute(
    store: PostgresEventStore,
    projections: Sequence[Projection],
    stream_id: str,
    fold: Fold[S],
    decide: Decide[S],
    attempts: int = ATTEMPTS,
) -> tuple[S, list[RecordedEvent]]:
    """Decide against one stream in a transaction of its own, retried on conflicts (taking turns once busy)."""
    return await execute_with(PostgresRunner(store, projections, attempts), stream_id, fold, decide)
