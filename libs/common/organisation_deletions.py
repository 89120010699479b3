"""A read model every service keeps: the organisations the gateway has deleted."""

from __future__ import annotations

from common.bus.consumer import Consumer, HandlerContext
from common.contracts import OrganisationEvent
from common.db import identifier
from common.http.app import Runtime


def deleted_organisations_ddl(schema: str) -> str:
    return f"""CREATE TABLE {identifier(schema)}.deleted_organisations (
        organisation_id integer PRIMARY KEY,
        deleted_at timestamptz NOT NULL
    )"""


async def record_deletion(ctx: HandlerContext, message: OrganisationEvent) -> None:
    await ctx.conn.execute(
        f"""INSERT INTO {ctx.tx.schema}.deleted_organisations (organisation_id, deleted_at)
            VALUES ($1, $2) ON CONFLICT (organisation_id) DO NOTHING""",
        message.organisation_id,
        ctx.delivery.envelope.occurred_at,
    )


def organisation_deletions(runtime: Runtime, deleted: type[OrganisationEvent]) -> Consumer:
    """Consumes the gateway's ``OrganisationDeleted`` (given by the caller: common knows no service)."""
    return runtime.consumer(f"{runtime.service}.organisations", {deleted: record_deletion})
