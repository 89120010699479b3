"""The alerts service's subscriptions: organisations deleted, memberships, the events that raise notifications,
environments, inputs and outputs (what alerts are on), source invitations (``alerts.entrypoints.guests``), what
each agent holds of its alert set, and the agents' statistics samples (what alerts are evaluated over).

A handler runs its use case on a unit of work on the consumer's transaction, so its effects commit
with the inbox record.
"""

from __future__ import annotations

from datetime import UTC, datetime

from alerts.adapters import samples
from alerts.adapters.known import PostgresKnown
from alerts.adapters.members import PostgresMembers
from alerts.adapters.projections import PROJECTIONS
from alerts.adapters.webhooks import PostgresWebhooks
from alerts.config import AlertsSettings
from alerts.contract import (
    AGENT_ALERTS,
    AGENT_STATISTICS,
    ENDPOINTS,
    ENVIRONMENTS,
    GUESTS,
    LIVE_EVENTS,
    MEMBERS,
    ORGANISATIONS,
)
from alerts.contract.rules import Side
from alerts.contract.sources import SOURCES
from alerts.entrypoints.guests import GUEST_EVENTS
from alerts.entrypoints.guests import LIVE_EVENTS as LIVE_EVENT_MESSAGES
from alerts.service_layer import alert_methods, alerts, notifications
from cenv_agent.contract.alerts import AlertSetApplied, AlertSetReported
from cenv_agent.contract.messages import StatisticsReported
from cenv_agent.contract.senders import authorise
from common.bus.consumer import Consumer, Handler, HandlerContext
from common.contracts import Message, OrganisationEvent
from common.http.app import Runtime
from common.organisation_deletions import record_deletion
from common.unit_of_work import Work
from environments.contract.events import EnvironmentDeleted, EnvironmentRequested
from gateway.contract.events import OrganisationDeleted, UserDeleted, UserJoinedOrganisation, UserLeftOrganisation
from streams.contract.events import InputCreated, InputDeleted, OutputCreated, OutputDeleted


def _members(ctx: HandlerContext) -> PostgresMembers:
    return PostgresMembers(ctx.conn, ctx.tx.schema)


async def organisation_deleted(ctx: HandlerContext, message: OrganisationDeleted) -> None:
    # Locking loads make this wait for a creation in flight instead of colliding with it; the
    # appends come first because an append must be its transaction's first write.
    work = Work(ctx.tx, PROJECTIONS, lock=True)
    await alerts.organisation_gone(work, _known(ctx), message.organisation_id, datetime.now(UTC))
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


def _known(ctx: HandlerContext) -> PostgresKnown:
    return PostgresKnown(ctx.conn, ctx.tx.schema)


async def environment_requested(ctx: HandlerContext, message: EnvironmentRequested) -> None:
    await _known(ctx).environment_requested(message.environment_id, message.organisation_id)


async def environment_deleted(ctx: HandlerContext, message: EnvironmentDeleted) -> None:
    # the appends (its alerts deleted) come first: an append must be its transaction's first write
    known = _known(ctx)
    await alerts.environment_gone(Work(ctx.tx, PROJECTIONS, lock=True), known, message.environment_id,
                                  datetime.now(UTC))  # fmt: skip
    await known.environment_deleted(message.environment_id)


async def endpoint_changed(
    ctx: HandlerContext, message: InputCreated | InputDeleted | OutputCreated | OutputDeleted
) -> None:
    side: Side = "input" if isinstance(message, InputCreated | InputDeleted) else "output"
    endpoint_id = message.input_id if isinstance(message, InputCreated | InputDeleted) else message.output_id
    deleted, known = isinstance(message, InputDeleted | OutputDeleted), _known(ctx)
    if deleted:
        await alerts.endpoint_gone(Work(ctx.tx, PROJECTIONS, lock=True), known, message.environment_id, side,
                                   endpoint_id, datetime.now(UTC))  # fmt: skip
    await known.endpoint_noted(side, message.environment_id, message.organisation_id, endpoint_id, message.version,
                               deleted)  # fmt: skip


ENDPOINT_HANDLERS: dict[type[Message], Handler] = {
    EnvironmentRequested: environment_requested, EnvironmentDeleted: environment_deleted,
    InputCreated: endpoint_changed, InputDeleted: endpoint_changed, OutputCreated: endpoint_changed,
    OutputDeleted: endpoint_changed,
}  # fmt: skip


async def set_applied(ctx: HandlerContext, message: AlertSetApplied) -> None:
    await alerts.held(Work(ctx.tx, PROJECTIONS, lock=True), message.environment_id, message.version)


async def set_reported(ctx: HandlerContext, message: AlertSetReported) -> None:
    await alerts.reported(Work(ctx.tx, PROJECTIONS, lock=True), message.environment_id, message.version)


async def statistics_reported(ctx: HandlerContext, message: StatisticsReported) -> None:
    await samples.store(ctx.conn, ctx.tx.schema, message)


AGENT_HANDLERS: dict[type[Message], Handler] = {
    AlertSetApplied: set_applied, AlertSetReported: set_reported,
}  # fmt: skip


STATISTICS_HANDLERS: dict[type[Message], Handler] = {StatisticsReported: statistics_reported}


def consumers(runtime: Runtime) -> list[Consumer]:
    settings = runtime.settings
    assert isinstance(settings, AlertsSettings)
    return [
        runtime.consumer(ORGANISATIONS.queue, {OrganisationDeleted: organisation_deleted}),
        runtime.consumer(
            MEMBERS.queue,
            {UserJoinedOrganisation: user_joined, UserLeftOrganisation: user_left, UserDeleted: user_deleted},
        ),
        runtime.consumer(ENVIRONMENTS.queue, dict.fromkeys(SOURCES, notify)),
        runtime.consumer(ENDPOINTS.queue, ENDPOINT_HANDLERS),
        runtime.consumer(GUESTS.queue, GUEST_EVENTS),
        runtime.consumer(LIVE_EVENTS.queue, LIVE_EVENT_MESSAGES),
        runtime.consumer(AGENT_ALERTS.queue, AGENT_HANDLERS, authorise=authorise),
        runtime.consumer(
            AGENT_STATISTICS.queue, STATISTICS_HANDLERS, authorise=authorise, admit=settings.statistics_admission()
        ),
    ]
