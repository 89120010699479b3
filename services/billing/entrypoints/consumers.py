"""Billing's subscriptions: the organisations the gateway creates, updates and deletes, kept as a read model of
which exist and in which currency; environments' lifecycles, observed as usage (a deleted environment releases
its agreements); outputs' media running and stopped, observed as output usage; outputs bound to agreements and
deleted, which assign and release them (a deletion also stops the output's usage); inputs' media running and
stopped, and inputs deleted, observed as stream usage; who pays guests' outputs, from source invitations."""

from __future__ import annotations

from billing.adapters.organisations import PostgresOrganisations
from billing.adapters.projections import PROJECTIONS
from billing.contract import ENVIRONMENTS, GUESTS, INPUTS, ORGANISATIONS, OUTPUTS
from billing.domain.endpoint_usage import band
from billing.domain.events import (
    EnvironmentInstanceObserved,
    EnvironmentStateObserved,
    GuestBillingObserved,
    InputStateObserved,
    OutputStateObserved,
)
from billing.domain.usage import DELETED
from billing.service_layer import agreements, usage
from common.bus.consumer import Consumer, HandlerContext
from common.http.app import Runtime
from common.organisation_deletions import record_deletion
from common.unit_of_work import Work
from environments.contract.events import EnvironmentDeleted, EnvironmentRequested, EnvironmentStateChanged
from gateway.contract.events import (
    OrganisationCreated,
    OrganisationDeleted,
    OrganisationUpdated,
    SourceInvitationAccepted,
    SourcePermissionsChanged,
)
from streams.contract.events import (
    InputDeleted,
    InputRunning,
    InputStopped,
    OutputBoundToAgreement,
    OutputDeleted,
    OutputRunning,
    OutputStopped,
)


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


async def environment_requested(ctx: HandlerContext, message: EnvironmentRequested) -> None:
    fact = EnvironmentInstanceObserved(organisation_id=message.organisation_id, environment_id=message.environment_id,
                                       instance_type=message.instance_type,
                                       occurred_at=ctx.delivery.envelope.occurred_at)  # fmt: skip
    await usage.observe(Work(ctx.tx, PROJECTIONS, lock=True), fact)


async def environment_state_changed(ctx: HandlerContext, message: EnvironmentStateChanged) -> None:
    fact = EnvironmentStateObserved(organisation_id=message.organisation_id, environment_id=message.environment_id,
                                    occurred_at=ctx.delivery.envelope.occurred_at,
                                    previous_state=message.previous_state, state=message.state)  # fmt: skip
    await usage.observe(Work(ctx.tx, PROJECTIONS, lock=True), fact)


async def environment_deleted(ctx: HandlerContext, message: EnvironmentDeleted) -> None:
    fact = EnvironmentStateObserved(organisation_id=message.organisation_id, environment_id=message.environment_id,
                                    occurred_at=ctx.delivery.envelope.occurred_at, previous_state=DELETED,
                                    state=DELETED)  # fmt: skip
    await usage.observe(Work(ctx.tx, PROJECTIONS, lock=True), fact)
    await agreements.release_environment(Work(ctx.tx, PROJECTIONS, lock=True), message.environment_id)


async def output_bound(ctx: HandlerContext, message: OutputBoundToAgreement) -> None:
    await agreements.assign(Work(ctx.tx, PROJECTIONS, lock=True), message.organisation_id, message.agreement_id,
                            message.output_id, message.environment_id)  # fmt: skip


Media = InputRunning | InputStopped | InputDeleted | OutputRunning | OutputStopped | OutputDeleted


async def _observe_media(ctx: HandlerContext, message: Media, running: bool) -> None:
    """An input's or output's media said to run or not; a deleted one (no bitrate) stops being billed when it is
    deleted, whatever its agent answers to the removal."""
    seen = {"organisation_id": message.organisation_id, "environment_id": message.environment_id,
            "occurred_at": ctx.delivery.envelope.occurred_at, "running": running,
            "bitrate": band(getattr(message, "bitrate_kbps", 0))}  # fmt: skip
    fact = (InputStateObserved(**seen, input_id=message.input_id)
            if isinstance(message, InputRunning | InputStopped | InputDeleted)
            else OutputStateObserved(**seen, output_id=message.output_id))  # fmt: skip
    await usage.observe_endpoint(Work(ctx.tx, PROJECTIONS, lock=True), fact)


async def output_media(ctx: HandlerContext, message: OutputRunning | OutputStopped) -> None:
    await _observe_media(ctx, message, running=isinstance(message, OutputRunning))


async def output_deleted(ctx: HandlerContext, message: OutputDeleted) -> None:
    await _observe_media(ctx, message, running=False)
    if message.agreement_id is not None:
        await agreements.release(Work(ctx.tx, PROJECTIONS, lock=True), message.agreement_id, message.output_id)


async def input_media(ctx: HandlerContext, message: InputRunning | InputStopped) -> None:
    await _observe_media(ctx, message, running=isinstance(message, InputRunning))


async def input_deleted(ctx: HandlerContext, message: InputDeleted) -> None:
    await _observe_media(ctx, message, running=False)


async def guest_billing(ctx: HandlerContext, message: SourcePermissionsChanged | SourceInvitationAccepted) -> None:
    source = message.billing_source if isinstance(message, SourcePermissionsChanged) else None
    fact = GuestBillingObserved(organisation_id=message.organisation_id, invitation_id=message.invitation_id,
                                guest_organisation_id=message.guest_organisation_id, billing_source=source,
                                occurred_at=ctx.delivery.envelope.occurred_at)  # fmt: skip
    await usage.observe_guest_billing(Work(ctx.tx, PROJECTIONS, lock=True), fact)


def consumers(runtime: Runtime) -> list[Consumer]:
    return [
        runtime.consumer(
            ORGANISATIONS.queue,
            {
                OrganisationCreated: organisation_created,
                OrganisationUpdated: organisation_updated,
                OrganisationDeleted: organisation_deleted,
            },
        ),
        runtime.consumer(
            ENVIRONMENTS.queue,
            {
                EnvironmentRequested: environment_requested,
                EnvironmentStateChanged: environment_state_changed,
                EnvironmentDeleted: environment_deleted,
            },
        ),
        runtime.consumer(
            GUESTS.queue, {SourcePermissionsChanged: guest_billing, SourceInvitationAccepted: guest_billing}
        ),
        runtime.consumer(
            OUTPUTS.queue,
            {
                OutputBoundToAgreement: output_bound,
                OutputDeleted: output_deleted,
                OutputRunning: output_media,
                OutputStopped: output_media,
            },
        ),
        runtime.consumer(
            INPUTS.queue, {InputRunning: input_media, InputStopped: input_media, InputDeleted: input_deleted}
        ),
    ]
