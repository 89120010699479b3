"""The streams service's subscriptions: organisations deleted, environments' lifecycles.

A handler runs its use case on a unit of work on the consumer's transaction, so its effects commit
with the inbox record.
"""

from __future__ import annotations

from common.bus.consumer import Consumer, HandlerContext
from common.http.app import Runtime
from common.organisation_deletions import record_deletion
from common.unit_of_work import Work
from environments.contract.events import (
    EnvironmentDeleted,
    EnvironmentEvent,
    EnvironmentRequested,
    EnvironmentStateChanged,
)
from gateway.contract.events import OrganisationDeleted
from streams.adapters.projections import PROJECTIONS
from streams.contract import ENVIRONMENTS, ORGANISATIONS
from streams.service_layer import dashboard_groups, inputs


async def organisation_deleted(ctx: HandlerContext, message: OrganisationDeleted) -> None:
    # Locking loads make this wait for a creation in flight instead of colliding with it; the
    # appends come first because an append must be its transaction's first write.
    await dashboard_groups.organisation_deleted(Work(ctx.tx, PROJECTIONS, lock=True), message.organisation_id)
    await record_deletion(ctx, message)


def _state_of(message: EnvironmentEvent) -> str:
    match message:
        case EnvironmentRequested():
            return "requested"
        case EnvironmentStateChanged(state=state):
            return state
    return "deleted"


async def environment_changed(ctx: HandlerContext, message: EnvironmentEvent) -> None:
    as_of = ctx.delivery.envelope.occurred_at
    await inputs.environment_noted(Work(ctx.tx, PROJECTIONS, lock=True), message.environment_id,
                                   message.organisation_id, _state_of(message), as_of)  # fmt: skip


def consumers(runtime: Runtime) -> list[Consumer]:
    environment_events = (EnvironmentRequested, EnvironmentStateChanged, EnvironmentDeleted)
    return [
        runtime.consumer(ORGANISATIONS.queue, {OrganisationDeleted: organisation_deleted}),
        runtime.consumer(ENVIRONMENTS.queue, dict.fromkeys(environment_events, environment_changed)),
    ]
