"""Observing environments' lifecycles (decision 47) and outputs' media (decision 78): each fact once on the
environment's or output's usage stream, and a note that usage on the environment changed from then on, for the
hourly run to reconcile the hours already closed (for every organisation taking outputs there: an output is billed
only while its environment is)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from billing.domain.events import (
    DomainEvent,
    EnvironmentInstanceObserved,
    EnvironmentStateObserved,
    OutputStateObserved,
)
from billing.service_layer.units import decide
from common.unit_of_work import Work

STREAM_PREFIX = "environment-usage-"


def stream_id(environment_id: uuid.UUID) -> str:
    return f"{STREAM_PREFIX}{environment_id}"


def _once(fact: DomainEvent) -> Any:
    return lambda seen: [] if fact in seen else [fact]


def _fold(events: Sequence[DomainEvent]) -> frozenset[DomainEvent]:
    return frozenset(events)


def output_stream_id(environment_id: uuid.UUID, output_id: str) -> str:
    return f"output-usage-{environment_id}-{output_id}"


async def observe(work: Work, fact: EnvironmentStateObserved | EnvironmentInstanceObserved) -> None:
    await decide(work, stream_id(fact.environment_id), _fold, _once(fact))
    if work.recorded:
        takers = await work.conn.fetch(
            f"SELECT DISTINCT organisation_id FROM {work.schema}.metered_outputs WHERE environment_id = $1",
            fact.environment_id,
        )
        for organisation_id in {fact.organisation_id, *(r["organisation_id"] for r in takers)}:
            await _note_change(work, organisation_id, fact.environment_id, fact.occurred_at)


async def observe_output(work: Work, fact: OutputStateObserved) -> None:
    await decide(work, output_stream_id(fact.environment_id, fact.output_id), _fold, _once(fact))
    if work.recorded:
        await _note_change(work, fact.organisation_id, fact.environment_id, fact.occurred_at)


async def _note_change(work: Work, organisation_id: int | None, environment_id: uuid.UUID, since: datetime) -> None:
    await work.conn.execute(
        f"INSERT INTO {work.schema}.usage_changed (organisation_id, environment_id, since) VALUES ($1, $2, $3)",
        organisation_id, environment_id, since,
    )  # fmt: skip
