"""Use cases around access labels (A002-A004)."""

from __future__ import annotations

import uuid

from gateway.domain import labels
from gateway.service_layer.work import Unit, Units, decide_one


async def create(units: Units, organisation_id: int, text: str) -> uuid.UUID:
    label_id = uuid.uuid4()
    await decide_one(
        units, labels.stream(label_id), labels.fold, lambda label: labels.create(label, label_id, organisation_id, text)
    )
    return label_id


async def rename(units: Units, organisation_id: int, label_id: uuid.UUID, text: str) -> None:
    stream = labels.stream(label_id)
    await decide_one(units, stream, labels.fold, lambda label: labels.rename(label, organisation_id, text))


async def delete(units: Units, organisation_id: int, label_id: uuid.UUID) -> None:
    """Refused while granted to an invitation; the lock keeps a concurrent grant (A117) from slipping in."""

    async def unit(work: Unit) -> None:
        await work.lock(labels.stream(label_id))
        granted = await work.directory.label_grants(label_id)
        await work.decide(
            labels.stream(label_id), labels.fold, lambda label: labels.delete(label, organisation_id, granted)
        )

    await units(unit)
