"""The alerts service's use cases on the in-memory store, what its streams hold, and the webhooks kept aside."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from alerts.adapters import event_codec
from alerts.domain import holdings, methods
from alerts.domain.events import DomainEvent
from alerts.domain.holdings import Holdings
from alerts.domain.methods import AlertMethod
from common.unit_of_work import UnitOfWork
from tests.unit.streams.service import InterleavingRunner


class MemoryWebhooks:
    def __init__(self) -> None:
        self.kept: dict[uuid.UUID, list[str]] = {}

    async def keep(self, method_id: uuid.UUID, urls: Sequence[str]) -> None:
        self.kept[method_id] = list(urls)

    async def forget(self, method_ids: Sequence[uuid.UUID]) -> None:
        for method_id in method_ids:
            self.kept.pop(method_id, None)

    def __call__(self, _: UnitOfWork) -> MemoryWebhooks:
        return self


class MemoryKnown:
    """Only what alert-method use cases ask: how many alerts use a method."""

    def __init__(self) -> None:
        self.in_use: dict[uuid.UUID, int] = {}

    async def using_method(self, method_id: uuid.UUID) -> int:
        return self.in_use.get(method_id, 0)

    def __call__(self, _: UnitOfWork) -> MemoryKnown:
        return self


class InMemoryAlerts:
    def __init__(self) -> None:
        self.run = InterleavingRunner()
        self.webhooks = MemoryWebhooks()
        self.known = MemoryKnown()

    async def events(self, stream_id: str) -> list[DomainEvent]:
        return event_codec.decode_all(await self.run.store.load(stream_id))

    async def method(self, method_id: uuid.UUID) -> AlertMethod:
        return methods.fold(await self.events(methods.stream_id(method_id)))

    async def holdings(self, organisation_id: int) -> Holdings:
        return holdings.fold(await self.events(holdings.stream_id(organisation_id)))

    async def stored_data(self) -> str:
        """Every event's data and metadata as stored, to search for what must never be there."""
        return "\n".join(f"{r.data} {r.metadata}" for r in self.run.store.committed)
