"""Deciding on event streams within a unit of work in domain events: encoded and decoded here, at the store boundary."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from billing.adapters.event_codec import decode_all, encode
from billing.domain.events import DomainEvent
from common.unit_of_work import UnitOfWork

S = TypeVar("S")
Fold = Callable[[Sequence[DomainEvent]], S]
Decide = Callable[[S], Sequence[DomainEvent]]


async def load(work: UnitOfWork, stream_id: str, fold: Fold[S]) -> S:
    return await work.load(stream_id, lambda stored: fold(decode_all(stored)))


async def decide(work: UnitOfWork, stream_id: str, fold: Fold[S], decide: Decide[S]) -> S:
    """Append what ``decide`` makes of the stream's state; returns that state (before the new events)."""
    return await work.decide(
        stream_id, lambda stored: fold(decode_all(stored)), lambda state: [encode(e) for e in decide(state)]
    )
