"""What scheduler learns from the bus: which organisations the gateway has deleted."""

from __future__ import annotations

from common.bus.consumer import Consumer, Handler, HandlerContext
from common.bus.topology import EVENTS
from common.contracts import OrganisationDeleted
from common.http.app import Runtime
from scheduler.config import SCHEMA

ORGANISATIONS_QUEUE = "scheduler.organisations"


async def organisation_deleted(ctx: HandlerContext, message: OrganisationDeleted) -> None:
    await ctx.conn.execute(
        f"""INSERT INTO {SCHEMA}.deleted_organisations (organisation_id, deleted_at)
            VALUES ($1, $2) ON CONFLICT (organisation_id) DO NOTHING""",
        message.organisation_id,
        ctx.delivery.envelope.occurred_at,
    )


def consumers(runtime: Runtime) -> list[Consumer]:
    settings = runtime.settings
    organisations: dict[str, Handler] = {OrganisationDeleted.TYPE: organisation_deleted}
    return [
        Consumer(
            service="scheduler",
            queue=ORGANISATIONS_QUEUE,
            bindings=[(EVENTS, t) for t in organisations],
            handlers=organisations,
            store=runtime.store,
            max_deliveries=settings.consumer_max_deliveries,
            prefetch=settings.consumer_prefetch,
        )
    ]
