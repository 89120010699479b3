"""What the use cases read and write besides the event streams, as ports: Postgres adapters serve them, and
hand-written fakes in memory do in the unit tests."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Protocol

from cenv_agent.contract.messages import Load
from environments.domain.lifecycle import State


class Catalogue(Protocol):
    """The cloud providers, regions and instance types an environment may be created on."""

    async def has_provider(self, provider: str) -> bool: ...

    async def has_region(self, provider: str, region: str) -> bool: ...

    async def has_instance_type(self, provider: str, region: str, instance_type: str) -> bool: ...


class Liveness(Protocol):
    """What agents last said about themselves: kept beside the events, as heartbeats are too many to be events."""

    async def heard(
        self, environment_id: uuid.UUID, *, boot_id: uuid.UUID | None = None, media_state: str | None = None,
        version: str | None = None, load: Load | None = None,
    ) -> None: ...  # fmt: skip


class Index(Protocol):
    """Which environments to look at: answered from the read side, then each is decided on its own stream."""

    async def now(self) -> datetime:
        """The clock the store records events with, which deadlines are measured against."""

    async def of_organisation(self, organisation_id: int) -> list[uuid.UUID]:
        """Those of an organisation that are not being deleted already."""

    async def in_states(self, states: Collection[State]) -> list[uuid.UUID]: ...

    async def commands_unanswered(self, since: datetime) -> list[uuid.UUID]:
        """Those with a command issued (or reissued) before ``since`` that has not finished."""

    async def silent(self, states: Collection[State], since: datetime) -> list[tuple[uuid.UUID, datetime | None]]:
        """Those in ``states``, not yet unreachable, not heard from since ``since``; with when they last were."""


class Turns(Protocol):
    """One machine operation (launch, release) per environment at a time, across the service's replicas."""

    def __call__(self, environment_id: uuid.UUID) -> AbstractAsyncContextManager[None]: ...
