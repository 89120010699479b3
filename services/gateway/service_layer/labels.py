"""Use cases around access labels (A002-A004)."""

from __future__ import annotations

import uuid

from common.commands import execute
from common.eventstore import PostgresEventStore
from gateway.adapters import lookups
from gateway.adapters.projections import PROJECTIONS
from gateway.domain import labels
from gateway.service_layer.work import Work, run


async def create(store: PostgresEventStore, organisation_id: int, text: str) -> uuid.UUID:
    label_id = uuid.uuid4()
    stream = labels.stream(label_id)
    await execute(
        store, PROJECTIONS, stream, labels.fold, lambda label: labels.create(label, label_id, organisation_id, text)
    )
    return label_id


async def rename(store: PostgresEventStore, organisation_id: int, label_id: uuid.UUID, text: str) -> None:
    stream = labels.stream(label_id)
    await execute(store, PROJECTIONS, stream, labels.fold, lambda label: labels.rename(label, organisation_id, text))


async def delete(store: PostgresEventStore, organisation_id: int, label_id: uuid.UUID) -> None:
    """Refused while granted to an invitation; the lock keeps a concurrent grant (A117) from slipping in."""

    async def unit(work: Work) -> None:
        await work.lock(labels.stream(label_id))
        granted = await lookups.label_grants(work.conn, label_id)
        await work.decide(
            labels.stream(label_id), labels.fold, lambda label: labels.delete(label, organisation_id, granted)
        )

    await run(store, unit)
