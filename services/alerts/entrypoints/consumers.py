"""The alerts service's subscriptions: organisations deleted, memberships, and the events that raise
notifications.

A handler runs its use case on a unit of work on the consumer's transaction, so its effects commit
with the inbox record.
"""

from __future__ import annotations

from alerts.adapters.members import PostgresMembers
from alerts.adapters.projections import PROJECTIONS
from alerts.adapters.webhooks import PostgresWebhooks
from alerts.contract import ENVIRONMENTS, MEMBERS, ORGANISATIONS
from alerts.contract.sources import SOURCES
from alerts.service_layer import alert_methods, notifications
from common.bus.consumer import Consumer, HandlerContext
from common.contracts import OrganisationEvent
from common.http.app import Runtime
from common.organisation_deletions import record_deletion
from common.unit_of_work import Work
from gateway.contract.events import OrganisationDeleted, UserDeleted, UserJoinedOrganisation, UserLeftOrganisation


def _members(ctx: HandlerContext) -> PostgresMembers:
    return PostgresMembers(ctx.conn, ctx.tx.schema)


async def organisation_deleted(ctx: HandlerContext, message: OrganisationDeleted) -> None:
    # Locking loads make this wait for a creation in flight instead of colliding with it; the
    # appends come first because an append must be its transaction's first write.
    work = Work(ctx.tx, PROJECTIONS, lock=True)
    await alert_methods.organisation_deleted(work, PostgresWebhooks(ctx.conn, ctx.tx.schema), message.organisation_id)
    await _members(ctx).organisation_deleted(message.organisation_id)
    await record_deletion(ctx, message)


async def user_joined(ctx: HandlerContext, message: UserJoinedOrganisation) -> None:
    await _members(ctx).joined(message.organisation_id, message.user_id)


async def user_left(ctx: HandlerContext, message: UserLeftOrganisation) -> None:
    await _members(ctx).left(message.organisation_id, message.user_id)


async def user_deleted(ctx: HandlerContext, message: UserDeleted) -> None:
    await _members(ctx).user_deleted(message.user_id)


async def notify(ctx: HandlerContext, message: OrganisationEvent) -> None:
    source = SOURCES[type(message)]
    await notifications.raise_notification(
        Work(ctx.tx, PROJECTIONS), _members(ctx), str(ctx.delivery.envelope.message_id), message.organisation_id,
        source.category, source.message(message), source.resource_id(message),
    )  # fmt: skip


def consumers(runtime: Runtime) -> list[Consumer]:
    return [
        runtime.consumer(ORGANISATIONS.queue, {OrganisationDeleted: organisation_deleted}),
        runtime.consumer(
            MEMBERS.queue,
            {UserJoinedOrganisation: user_joined, UserLeftOrganisation: user_left, UserDeleted: user_deleted},
        ),
        runtime.consumer(ENVIRONMENTS.queue, dict.fromkeys(SOURCES, notify)),
    ]
