"""Running decisions on an environment's stream: typed events in, encoded rows stamped with the organisation out."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from common.commands import decide_in, execute
from common.eventstore import NewEvent, PostgresEventStore, RecordedEvent
from common.eventstore.postgres import PostgresTransaction
from environments.adapters import event_codec
from environments.adapters.projections import PROJECTIONS
from environments.domain import environment
from environments.domain.environment import Environment
from environments.domain.events import DomainEvent, EnvironmentRequested

Decide = Callable[[Environment], Sequence[DomainEvent]]


def fold(records: Sequence[RecordedEvent]) -> Environment:
    return environment.fold(event_codec.history(records))


def organisation_of(env: Environment, new: Sequence[DomainEvent]) -> int:
    requested = [event.organisation_id for event in new if isinstance(event, EnvironmentRequested)]
    return requested[0] if requested else env.organisation_id


def scoped(decide: Decide) -> Callable[[Environment], list[NewEvent]]:
    def decide_and_stamp(env: Environment) -> list[NewEvent]:
        new = decide(env)
        stamp = {"organisation_id": organisation_of(env, new)}
        return [event_codec.encode(event, stamp) for event in new]

    return decide_and_stamp


async def run(
    store: PostgresEventStore, environment_id: uuid.UUID, decide: Decide
) -> tuple[Environment, list[RecordedEvent]]:
    """In a transaction of its own, retried on conflicts."""
    return await execute(store, PROJECTIONS, environment.stream_id(environment_id), fold, scoped(decide))


async def run_in(
    tx: PostgresTransaction, environment_id: uuid.UUID, decide: Decide
) -> tuple[Environment, list[RecordedEvent]]:
    """Inside a consumer's transaction, so the effects commit with the inbox record."""
    return await decide_in(tx, PROJECTIONS, environment.stream_id(environment_id), fold, scoped(decide))


async def load(store: PostgresEventStore, environment_id: uuid.UUID) -> Environment:
    return fold(await store.load(environment.stream_id(environment_id)))
