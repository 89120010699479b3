"""The streams service's subscriptions: organisations deleted, environments' lifecycles, what agents hold of inputs
and outputs, and source invitations (``streams.entrypoints.guests``).

A handler runs its use case on a unit of work on the consumer's transaction, so its effects commit
with the inbox record.
"""

from __future__ import annotations

from cenv_agent.contract.messages import (
    InputConfigured,
    InputRemoved,
    InputRunningHot,
    InputsReported,
    InputStoppedOverBitrate,
    OutputConfigured,
    OutputRemoved,
    StatisticsReported,
    side_of,
)
from cenv_agent.contract.senders import authorise
from common.bus.admission import Admit
from common.bus.consumer import Consumer, Handler, HandlerContext
from common.contracts import Message
from common.errors import NotFound
from common.http.app import Runtime
from common.logging import get_logger
from common.organisation_deletions import record_deletion
from common.unit_of_work import Work
from environments.contract.events import (
    EnvironmentDeleted,
    EnvironmentEvent,
    EnvironmentRequested,
    EnvironmentStateChanged,
)
from gateway.contract.events import OrganisationDeleted
from streams.adapters import statistics_store
from streams.adapters.locations import located
from streams.adapters.projections import PROJECTIONS
from streams.adapters.read_side import endpoints_of
from streams.adapters.secrets import secrets_of
from streams.adapters.statistics_gauges import BoundedGauges
from streams.config import SCHEMA, StreamsSettings
from streams.contract import AGENT_INPUTS, AGENT_STATISTICS, ENVIRONMENTS, GUESTS, LIVE_EVENTS, ORGANISATIONS
from streams.entrypoints.guests import GUEST_EVENTS
from streams.entrypoints.guests import LIVE_EVENTS as LIVE_EVENT_MESSAGES
from streams.service_layer import agent_copies, dashboard_groups, inputs, statistics, withdrawals

log = get_logger(__name__)


async def organisation_deleted(ctx: HandlerContext, message: OrganisationDeleted) -> None:
    # Locking loads make this wait for a creation in flight instead of colliding with it; the
    # appends come first because an append must be its transaction's first write.
    work, organisation_id = Work(ctx.tx, PROJECTIONS, lock=True), message.organisation_id
    own_inputs, taken_outputs = await endpoints_of(ctx.conn, SCHEMA, organisation_id)
    deleted = await withdrawals.organisation_deleted(work, secrets_of, organisation_id, own_inputs, taken_outputs)
    await dashboard_groups.organisation_deleted(work, organisation_id)
    await record_deletion(ctx, message)
    if deleted:
        log.info("organisation_endpoints_deleted", organisation_id=organisation_id, deleted=deleted)


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
    if isinstance(message, EnvironmentRequested):
        await located(ctx.conn, SCHEMA, message.environment_id, message.cloud_provider, message.region)


async def endpoint_held(
    ctx: HandlerContext, message: InputConfigured | InputRemoved | OutputConfigured | OutputRemoved
) -> None:
    side, endpoint_id = side_of(message)
    running = message.running if isinstance(message, InputConfigured | OutputConfigured) else None
    await agent_copies.held(Work(ctx.tx, PROJECTIONS, lock=True), message.environment_id, side, endpoint_id,
                            message.version, running)  # fmt: skip


async def endpoints_reported(ctx: HandlerContext, message: InputsReported) -> None:
    await agent_copies.reported(Work(ctx.tx, PROJECTIONS, lock=True), message.environment_id,
                                {"input": message.inputs, "output": message.outputs})  # fmt: skip


AGENT_REPORTS: dict[type[Message], Handler] = {
    InputConfigured: endpoint_held,
    InputRemoved: endpoint_held,
    OutputConfigured: endpoint_held,
    OutputRemoved: endpoint_held,
    InputsReported: endpoints_reported,
}


def statistics_reports(gauges: BoundedGauges) -> dict[type[Message], Handler]:
    async def reported(ctx: HandlerContext, message: StatisticsReported) -> None:
        if message.request_id is not None:
            await statistics_store.record_answer(ctx.conn, SCHEMA, message)
        gauges.update(message.environment_id, await statistics_store.store(ctx.conn, SCHEMA, message))

    async def guarded(ctx: HandlerContext, message: InputStoppedOverBitrate | InputRunningHot) -> None:
        what = "stop" if isinstance(message, InputStoppedOverBitrate) else "warn"
        try:
            work = Work(ctx.tx, PROJECTIONS, lock=True)
            await statistics.guarded(work, what, message.environment_id, message.input_id, message.bitrate_kbps,
                                     message.max_allowed_bitrate_kbps)  # fmt: skip
        except NotFound:  # an input deleted meanwhile (or never known here): nothing to mark
            log.info("guard_report_ignored", input_id=message.input_id, report=message.TYPE)

    return {StatisticsReported: reported, InputStoppedOverBitrate: guarded, InputRunningHot: guarded}


def statistics_admission(settings: StreamsSettings) -> Admit:
    return settings.statistics_admission()


def consumers(runtime: Runtime) -> list[Consumer]:
    environment_events = (EnvironmentRequested, EnvironmentStateChanged, EnvironmentDeleted)
    settings = runtime.settings
    assert isinstance(settings, StreamsSettings)
    gauges = BoundedGauges(settings.statistics_max_series, settings.statistics_idle_seconds)
    return [
        runtime.consumer(ORGANISATIONS.queue, {OrganisationDeleted: organisation_deleted}),
        runtime.consumer(ENVIRONMENTS.queue, dict.fromkeys(environment_events, environment_changed)),
        runtime.consumer(AGENT_INPUTS.queue, AGENT_REPORTS, authorise=authorise),
        runtime.consumer(GUESTS.queue, GUEST_EVENTS),
        runtime.consumer(LIVE_EVENTS.queue, LIVE_EVENT_MESSAGES),
        runtime.consumer(AGENT_STATISTICS.queue, statistics_reports(gauges), authorise=authorise,
                         admit=statistics_admission(settings)),
    ]  # fmt: skip
