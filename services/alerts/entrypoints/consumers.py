"""The alerts service's subscriptions: organisations deleted.

A handler runs its use case on a unit of work on the consumer's transaction, so its effects commit
with the inbox record.
"""

from __future__ import annotations

from alerts.adapters.projections import PROJECTIONS
from alerts.adapters.webhooks import PostgresWebhooks
from alerts.contract import ORGANISATIONS
from alerts.service_layer import alert_methods
from common.bus.consumer import Consumer, HandlerContext
from common.http.app import Runtime
from common.organisation_deletions import record_deletion
from common.unit_of_work import Work
from gateway.contract.events import OrganisationDeleted


async def organisation_deleted(ctx: HandlerContext, message: OrganisationDeleted) -> None:
    # Locking loads make this wait for a creation in flight instead of colliding with it; the
    # appends come first because an append must be its transaction's first write.
    work = Work(ctx.tx, PROJECTIONS, lock=True)
    await alert_methods.organisation_deleted(work, PostgresWebhooks(ctx.conn, ctx.tx.schema), message.organisation_id)
    await record_deletion(ctx, message)


def consumers(runtime: Runtime) -> list[Consumer]:
    return [runtime.consumer(ORGANISATIONS.queue, {OrganisationDeleted: organisation_deleted})]
