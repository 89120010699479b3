"""Deciding on streams within a unit of work in domain events: encoded and decoded here, at the store boundary."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import reduce
from typing import Any, TypeVar

from common.eventstore import RecordedEvent
from common.folding import Folding
from common.unit_of_work import UnitOfWork
from scheduler.adapters.event_codec import decode, decode_all, encode

S = TypeVar("S")
Fold = Callable[[Sequence[Any]], S]
Decide = Callable[[S], Sequence[Any]]


async def load(work: UnitOfWork, stream_id: str, fold: Fold[S]) -> S:
    return await work.load(stream_id, _stored(fold))


async def decide(work: UnitOfWork, stream_id: str, fold: Fold[S], decide: Decide[S]) -> S:
    """Append what ``decide`` makes of the stream's state; returns that state (before the new events)."""
    return await work.decide(stream_id, _stored(fold), lambda state: [encode(e) for e in decide(state)])


async def decide_new(work: UnitOfWork, stream_id: str, fold: Fold[S], decide: Decide[S]) -> None:
    """As ``decide``, on a stream no other unit can know of yet (a new id): its first events, without reading it."""
    await work.start(stream_id, [encode(e) for e in decide(fold([]))])


async def decide_after(
    work: UnitOfWork, stream_id: str, fold: Fold[S], evolve: Callable[[S, Any], S], decide: Decide[S]
) -> S:
    """As ``decide``, but returns the state after the new events."""
    after, _ = await decide_with(work, stream_id, fold, evolve, decide)
    return after


async def decide_with(
    work: UnitOfWork, stream_id: str, fold: Fold[S], evolve: Callable[[S, Any], S], decide: Decide[S]
) -> tuple[S, list[Any]]:
    """As ``decide_after``, with the events decided."""
    decided: list[Any] = []

    def deciding(state: S) -> Sequence[Any]:
        decided[:] = decide(state)
        return decided

    before = await work.decide(stream_id, _stored(fold), lambda state: [encode(e) for e in deciding(state)])
    return reduce(evolve, decided, before), decided


def _stored(fold: Fold[S]) -> Callable[[Sequence[RecordedEvent]], S]:
    """``fold`` over stored events; a ``Folding`` stays one, so the unit of work may continue it."""
    if isinstance(fold, Folding):
        return fold.over(decode)
    return lambda stored: fold(decode_all(stored))
