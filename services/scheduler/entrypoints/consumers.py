"""The scheduler's subscriptions: organisations deleted, environments' lifecycles, inputs and outputs on them (from
streams), what each agent says it holds of its environment's schedule set (and its live state, when asked), and the
output sessions it runs (the history API, P09): those still open when their agent's process is gone (it reports
under another boot) or the environment stops are ended here.

A handler runs its use case on a unit of work on the consumer's transaction, so its effects commit with the inbox
record; loads lock, so a consumer waits for a schedule write in flight instead of colliding with it.
"""

from __future__ import annotations

from cenv_agent.contract.schedules import (
    OutputSessionEnded,
    OutputSessionStarted,
    ScheduleSetApplied,
    ScheduleSetReported,
    ScheduleStateDumped,
)
from cenv_agent.contract.senders import authorise
from common.bus.consumer import Consumer, Handler, HandlerContext
from common.contracts import Message
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
from scheduler.adapters import sessions
from scheduler.adapters.projections import PROJECTIONS
from scheduler.config import SchedulerSettings
from scheduler.context import utc_now
from scheduler.contract import AGENT_SCHEDULES, AGREEMENTS, ENDPOINTS, ENVIRONMENTS, GUESTS, ORGANISATIONS
from scheduler.entrypoints import agreements, guests
from scheduler.service_layer import environments, live_events, schedules, sets
from streams.contract.events import InputCreated, InputDeleted, InputReconfigured, OutputCreated, OutputDeleted


def _work(ctx: HandlerContext) -> Work:
    return Work(ctx.tx, PROJECTIONS, lock=True)


async def organisation_deleted(ctx: HandlerContext, message: OrganisationDeleted) -> None:
    # the appends come first: an append must be its transaction's first write
    rows = await ctx.conn.fetch(
        f"SELECT id FROM {ctx.tx.schema}.schedules WHERE organisation_id = $1 AND NOT deleted ORDER BY id",
        message.organisation_id,
    )
    events = await ctx.conn.fetch(
        f"SELECT id FROM {ctx.tx.schema}.live_events WHERE organisation_id = $1 AND NOT deleted ORDER BY id",
        message.organisation_id,
    )
    work, now = _work(ctx), utc_now()
    await schedules.organisation_deleted(work, now, [row["id"] for row in rows])
    await live_events.organisation_deleted(work, now, [row["id"] for row in events])
    await record_deletion(ctx, message)


def _state_of(message: EnvironmentEvent) -> str:
    match message:
        case EnvironmentRequested():
            return "requested"
        case EnvironmentStateChanged(state=state):
            return state
    return "deleted"


MEDIA_GONE = frozenset({"stopped", "failed", "deleted"})  # its agent's sessions cannot go on


def environment_handlers(settings: SchedulerSettings) -> dict[type[Message], Handler]:
    async def environment_changed(ctx: HandlerContext, message: EnvironmentEvent) -> None:
        requested_on = (message.cloud_provider, message.instance_type) if isinstance(
            message, EnvironmentRequested) else None  # fmt: skip
        state, at = _state_of(message), ctx.delivery.envelope.occurred_at
        await environments.environment_noted(_work(ctx), message.environment_id, message.organisation_id, state, at,
                                             utc_now(), requested_on)  # fmt: skip
        if state in MEDIA_GONE:
            await sessions.end_open(ctx.conn, ctx.tx.schema, message.environment_id, at, "environment_stopped",
                                    settings.history_keep)  # fmt: skip

    return dict.fromkeys((EnvironmentRequested, EnvironmentStateChanged, EnvironmentDeleted), environment_changed)


async def input_changed(ctx: HandlerContext, message: InputCreated | InputReconfigured | InputDeleted) -> None:
    bitrate = 0 if isinstance(message, InputDeleted) else message.bitrate_kbps
    await environments.input_noted(_work(ctx), message.environment_id, message.organisation_id, message.input_id,
                                   message.version, isinstance(message, InputDeleted), utc_now(), bitrate)  # fmt: skip


async def output_changed(ctx: HandlerContext, message: OutputCreated | OutputDeleted) -> None:
    await environments.output_noted(_work(ctx), message.environment_id, message.organisation_id, message.output_id,
                                    message.version, isinstance(message, OutputDeleted), utc_now())  # fmt: skip


async def set_applied(ctx: HandlerContext, message: ScheduleSetApplied) -> None:
    await sets.held(_work(ctx), message.environment_id, message.version)


ENDPOINT_HANDLERS: dict[type[Message], Handler] = {
    InputCreated: input_changed, InputReconfigured: input_changed, InputDeleted: input_changed,
    OutputCreated: output_changed, OutputDeleted: output_changed,
}  # fmt: skip


async def state_dumped(ctx: HandlerContext, message: ScheduleStateDumped) -> None:
    """Kept for the request waiting for it (A202); answers nobody fetched within an hour go."""
    s = ctx.tx.schema
    await ctx.conn.execute(f"DELETE FROM {s}.agent_dumps WHERE received_at < now() - interval '1 hour'")
    await ctx.conn.execute(
        f"""INSERT INTO {s}.agent_dumps (command_id, environment_id, body, received_at) VALUES ($1, $2, $3::jsonb, $4)
            ON CONFLICT (command_id) DO NOTHING""",
        message.command_id, message.environment_id, message.model_dump_json(), ctx.delivery.envelope.occurred_at,
    )  # fmt: skip


async def session_started(ctx: HandlerContext, message: OutputSessionStarted) -> None:
    await sessions.opened(ctx.conn, ctx.tx.schema, message)


def agent_handlers(settings: SchedulerSettings) -> dict[type[Message], Handler]:
    async def set_reported(ctx: HandlerContext, message: ScheduleSetReported) -> None:
        """Sent on every (re)connect: under another boot, the process that ran the sessions still open is gone."""
        await sets.reported(_work(ctx), message.environment_id, message.version)
        await sessions.end_open(ctx.conn, ctx.tx.schema, message.environment_id, ctx.delivery.envelope.occurred_at,
                                "disconnected", settings.history_keep, running_boot=message.boot_id)  # fmt: skip

    async def session_ended(ctx: HandlerContext, message: OutputSessionEnded) -> None:
        # the keep is read as each session comes, so a test may lower it on a running service
        await sessions.record(ctx.conn, ctx.tx.schema, message, settings.history_keep)

    return {ScheduleSetApplied: set_applied, ScheduleSetReported: set_reported, ScheduleStateDumped: state_dumped,
            OutputSessionStarted: session_started, OutputSessionEnded: session_ended}  # fmt: skip


def consumers(runtime: Runtime) -> list[Consumer]:
    settings = runtime.settings
    assert isinstance(settings, SchedulerSettings)
    return [
        runtime.consumer(ORGANISATIONS.queue, {OrganisationDeleted: organisation_deleted}),
        runtime.consumer(ENVIRONMENTS.queue, environment_handlers(settings)),
        runtime.consumer(ENDPOINTS.queue, ENDPOINT_HANDLERS),
        runtime.consumer(AGREEMENTS.queue, agreements.HANDLERS),
        runtime.consumer(AGENT_SCHEDULES.queue, agent_handlers(settings), authorise=authorise),
        runtime.consumer(GUESTS.queue, guests.HANDLERS),
    ]
