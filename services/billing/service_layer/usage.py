"""Observing environments' lifecycles (decision 47) and inputs' and outputs' media (decision 78): each fact once on
the environment's, input's or output's usage stream, and a note that usage on the environment changed from then on,
for the hourly run to reconcile the hours already closed (for every organisation with inputs or outputs there: an
endpoint is billed only while its environment is)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from billing.domain.events import (
    DomainEvent,
    EndpointStateObserved,
    EnvironmentInstanceObserved,
    EnvironmentStateObserved,
    GuestBillingObserved,
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


def endpoint_stream_id(fact: EndpointStateObserved) -> str:
    if isinstance(fact, OutputStateObserved):
        return f"output-usage-{fact.environment_id}-{fact.output_id}"
    return f"input-usage-{fact.environment_id}-{fact.input_id}"


async def observe(work: Work, fact: EnvironmentStateObserved | EnvironmentInstanceObserved) -> None:
    await decide(work, stream_id(fact.environment_id), _fold, _once(fact))
    if work.recorded:
        takers = await work.conn.fetch(
            f"SELECT DISTINCT organisation_id FROM {work.schema}.metered_endpoints WHERE environment_id = $1",
            fact.environment_id,
        )
        for organisation_id in {fact.organisation_id, *(r["organisation_id"] for r in takers)}:
            await _note_change(work, organisation_id, fact.environment_id, fact.occurred_at)


async def observe_endpoint(work: Work, fact: EndpointStateObserved) -> None:
    """Noted for the input's owner or output's taker and, a guest's output, for the environment's owner, who may pay
    it."""
    await decide(work, endpoint_stream_id(fact), _fold, _once(fact))
    if work.recorded:
        owner = await work.conn.fetchval(
            f"SELECT organisation_id FROM {work.schema}.metered_environments WHERE environment_id = $1",
            fact.environment_id,
        )
        for organisation_id in {fact.organisation_id, *([owner] if owner is not None else [])}:
            await _note_change(work, organisation_id, fact.environment_id, fact.occurred_at)


async def observe_guest_billing(work: Work, fact: GuestBillingObserved) -> None:
    """Who pays a guest's outputs changed (or who the guest is became known): noted, for the owner and the guest, on
    every environment of the owner where the guest takes outputs, from the invitation's first such change."""
    await decide(work, f"guest-billing-{fact.invitation_id}", _fold, _once(fact))
    if not work.recorded:
        return
    s = work.schema
    rows = await work.conn.fetch(
        f"""SELECT DISTINCT o.environment_id, g.guest_organisation_id,
                   (SELECT min(occurred_at) FROM {s}.guest_billing b WHERE b.invitation_id = g.invitation_id) AS since
            FROM {s}.invitation_guests g
            JOIN {s}.metered_environments e ON e.organisation_id = g.owner_organisation_id
            JOIN {s}.metered_endpoints o ON o.environment_id = e.environment_id AND o.side = 'output'
                                      AND o.organisation_id = g.guest_organisation_id
            WHERE g.invitation_id = $1""",
        fact.invitation_id,
    )  # fmt: skip
    for row in rows:
        since = min(row["since"] or fact.occurred_at, fact.occurred_at)
        for organisation_id in (fact.organisation_id, row["guest_organisation_id"]):
            await _note_change(work, organisation_id, row["environment_id"], since)


async def _note_change(work: Work, organisation_id: int | None, environment_id: uuid.UUID, since: datetime) -> None:
    await work.conn.execute(
        f"INSERT INTO {work.schema}.usage_changed (organisation_id, environment_id, since) VALUES ($1, $2, $3)",
        organisation_id, environment_id, since,
    )  # fmt: skip
