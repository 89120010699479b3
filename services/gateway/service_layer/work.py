"""The gateway's unit of work: ``common.unit_of_work`` speaking domain events, with the ports use cases read.

A use case is a function of a ``Unit``; ``Units`` run it (``PostgresUnits`` in the services, an in-memory
one in the unit tests), again when another writer got there first, then give up with 409.
Projections follow each append at once, so later reads in the same unit see its effects.
The first write of the transaction must be an append (see ``common.eventstore.postgres``), so
``Vault`` writes come after the appends.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Protocol, TypeVar

from common.unit_of_work import Work
from gateway.adapters.codec import decode, decode_all, encode_all
from gateway.domain.events import Event
from gateway.service_layer.ports import Directory, Vault

S = TypeVar("S")
T = TypeVar("T")
Fold = Callable[[Sequence[Event]], S]
Decide = Callable[[S], Sequence[Event]]
Locker = Callable[[str], Awaitable[None]]
OnRecorded = Callable[[str, Event], None]


class Unit(Protocol):
    directory: Directory
    vault: Vault
    recorded: list[Event]

    @property
    def recorded_at(self) -> datetime | None:
        """When this unit's latest event was recorded."""

    async def load(self, stream_id: str, fold: Fold[S]) -> S: ...

    async def decide(self, stream_id: str, fold: Fold[S], decide: Decide[S]) -> S: ...

    async def lock(self, key: str) -> None: ...


class Units(Protocol):
    async def __call__(self, unit: Callable[[Unit], Awaitable[T]]) -> T: ...

    async def allocate_organisation_id(self) -> int: ...


class TypedWork:
    """A ``Unit`` on a ``common.unit_of_work.Work``: events are encoded and decoded here, at the store boundary."""

    def __init__(
        self, work: Work, directory: Directory, vault: Vault, locker: Locker, on_recorded: OnRecorded | None = None
    ) -> None:
        self.work, self.directory, self.vault, self.locker = work, directory, vault, locker
        self.on_recorded = on_recorded
        self.recorded: list[Event] = []

    async def load(self, stream_id: str, fold: Fold[S]) -> S:
        return await self.work.load(stream_id, lambda stored: fold(decode_all(stored)))

    async def decide(self, stream_id: str, fold: Fold[S], decide: Decide[S]) -> S:
        before = len(self.work.recorded)
        state = await self.work.decide(
            stream_id, lambda stored: fold(decode_all(stored)), lambda s: encode_all(decide(s))
        )
        for stored in self.work.recorded[before:]:
            event = decode(stored)
            self.recorded.append(event)
            if self.on_recorded is not None:
                self.on_recorded(stream_id, event)
        return state

    @property
    def recorded_at(self) -> datetime | None:
        return self.work.recorded[-1].recorded_at if self.work.recorded else None

    async def lock(self, key: str) -> None:
        await self.locker(key)


async def decide_one(units: Units, stream_id: str, fold: Fold[S], decide: Decide[S]) -> S:
    """Decide against one stream in a unit of its own; returns the state before the new events."""

    async def unit(work: Unit) -> S:
        return await work.decide(stream_id, fold, decide)

    return await units(unit)
