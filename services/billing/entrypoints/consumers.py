"""Billing's subscription: the organisations the gateway creates, updates and deletes, kept as a read model of
which exist and in which currency."""

from __future__ import annotations

from billing.adapters.organisations import PostgresOrganisations
from billing.contract import ORGANISATIONS
from common.bus.consumer import Consumer, HandlerContext
from common.http.app import Runtime
from common.organisation_deletions import record_deletion
from gateway.contract.events import OrganisationCreated, OrganisationDeleted, OrganisationUpdated


def _organisations(ctx: HandlerContext) -> PostgresOrganisations:
    return PostgresOrganisations(ctx.conn, ctx.tx.schema)


async def organisation_created(ctx: HandlerContext, message: OrganisationCreated) -> None:
    await _organisations(ctx).created(message.organisation_id)


async def organisation_updated(ctx: HandlerContext, message: OrganisationUpdated) -> None:
    if message.currency is not None:
        await _organisations(ctx).currency_changed(message.organisation_id, message.currency)


async def organisation_deleted(ctx: HandlerContext, message: OrganisationDeleted) -> None:
    await _organisations(ctx).deleted(message.organisation_id)
    await record_deletion(ctx, message)


def consumers(runtime: Runtime) -> list[Consumer]:
    return [
        runtime.consumer(
            ORGANISATIONS.queue,
            {
                OrganisationCreated: organisation_created,
                OrganisationUpdated: organisation_updated,
                OrganisationDeleted: organisation_deleted,
            },
        )
    ]
