"""Running decisions on an environment, stamping each event with the organisation it concerns."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace

from common.commands import decide_in, execute
from common.eventstore import NewEvent, PostgresEventStore, RecordedEvent
from common.eventstore.postgres import PostgresTransaction
from environments.adapters.projections import PROJECTIONS
from environments.domain import environment
from environments.domain.environment import Environment

Decide = Callable[[Environment], Sequence[NewEvent]]


def scoped(decide: Decide) -> Decide:
    def decide_and_stamp(env: Environment) -> list[NewEvent]:
        return [replace(e, metadata={**e.metadata, "organisation_id": env.organisation_id}) for e in decide(env)]

    return decide_and_stamp


async def run(
    store: PostgresEventStore, environment_id: uuid.UUID, decide: Decide
) -> tuple[Environment, list[RecordedEvent]]:
    """In a transaction of its own, retried on conflicts."""
    return await execute(store, PROJECTIONS, environment.stream(environment_id), environment.fold, scoped(decide))


async def run_in(
    tx: PostgresTransaction, environment_id: uuid.UUID, decide: Decide
) -> tuple[Environment, list[RecordedEvent]]:
    """Inside a consumer's transaction, so the effects commit with the inbox record."""
    return await decide_in(tx, PROJECTIONS, environment.stream(environment_id), environment.fold, scoped(decide))


async def load(store: PostgresEventStore, environment_id: uuid.UUID) -> Environment:
    return environment.fold(await store.load(environment.stream(environment_id)))
