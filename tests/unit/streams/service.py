"""The streams service's use cases on the in-memory store, and what its streams hold."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from common.eventstore import RecordedEvent
from common.unit_of_work import Decide, Fold, MemoryRunner, UnitOfWork
from streams.adapters import event_codec
from streams.domain import environment, groups, inputs, names
from streams.domain.environment import Environment
from streams.domain.events import DomainEvent
from streams.domain.groups import DashboardGroup
from streams.domain.inputs import Input
from streams.domain.names import GroupNames

S = TypeVar("S")
T = TypeVar("T")


class Interleaving:
    """A unit of work that lets other tasks run before and after each load and append, so units that run
    concurrently really overlap (the in-memory store would otherwise run each to its end in one go)."""

    def __init__(self, work: UnitOfWork) -> None:
        self.work = work

    @property
    def recorded(self) -> list[RecordedEvent]:
        return self.work.recorded

    async def load(self, stream_id: str, fold: Fold[S]) -> S:
        await asyncio.sleep(0)
        return await self.work.load(stream_id, fold)

    async def decide(self, stream_id: str, fold: Fold[S], decide: Decide[S]) -> S:
        await asyncio.sleep(0)
        state = await self.work.decide(stream_id, fold, decide)
        await asyncio.sleep(0)
        return state


class InterleavingRunner(MemoryRunner):
    async def __call__(self, unit: Callable[[Any], Awaitable[T]]) -> T:
        return await super().__call__(lambda work: unit(Interleaving(work)))


class InMemoryStreams:
    def __init__(self) -> None:
        self.run = InterleavingRunner()

    async def events(self, stream_id: str) -> list[DomainEvent]:
        return event_codec.decode_all(await self.run.store.load(stream_id))

    async def group(self, group_id: uuid.UUID) -> DashboardGroup:
        return groups.fold(await self.events(groups.stream_id(group_id)))

    async def names(self, organisation_id: int) -> GroupNames:
        return names.fold(await self.events(names.stream_id(organisation_id)))

    async def environment(self, environment_id: uuid.UUID) -> Environment:
        return environment.fold(await self.events(environment.stream_id(environment_id)))

    async def input(self, organisation_id: int, input_id: str) -> Input:
        return inputs.fold(await self.events(inputs.stream_id(organisation_id, input_id)))
