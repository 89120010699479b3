"""Deciding on streams within a unit of work in domain events: encoded and decoded here, at the store boundary."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from common.eventstore import RecordedEvent
from common.folding import Folding
from common.unit_of_work import UnitOfWork
from streams.adapters.event_codec import decode, decode_all, encode
from streams.domain.events import DomainEvent

S = TypeVar("S")
Fold = Callable[[Sequence[DomainEvent]], S]
Decide = Callable[[S], Sequence[DomainEvent]]


async def load(work: UnitOfWork, stream_id: str, fold: Fold[S]) -> S:
    return await work.load(stream_id, _stored(fold))


async def decide(work: UnitOfWork, stream_id: str, fold: Fold[S], decide: Decide[S]) -> S:
    """Append what ``decide`` makes of the stream's state; returns that state (before the new events)."""
    return await work.decide(stream_id, _stored(fold), lambda state: [encode(e) for e in decide(state)])


def _stored(fold: Fold[S]) -> Callable[[Sequence[RecordedEvent]], S]:
    """``fold`` over stored events; a ``Folding`` stays one, so the unit of work may continue it."""
    if isinstance(fold, Folding):
        return fold.over(decode)
    return lambda stored: fold(decode_all(stored))
