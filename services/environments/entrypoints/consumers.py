"""The environments service's subscriptions: its own commands, its agents' reports, organisations deleted."""

from __future__ import annotations

from functools import partial

from common.bus.consumer import Consumer, Handler, HandlerContext
from common.bus.topology import CENV_EVENTS, COMMANDS
from common.contracts import (
    AgentHeartbeat,
    AgentProvisioned,
    AgentStateReported,
    CommandAcknowledged,
    CommandCompleted,
    CommandFailed,
    DecommissionEnvironment,
    OrganisationDeleted,
    ProvisionEnvironment,
)
from common.http.app import Runtime
from environments.context import SCHEMA, context_of
from environments.domain import decisions
from environments.service_layer import provisioning, reports
from environments.service_layer.scoped import run_in

AGENT_REPORTS: dict[str, Handler] = {
    AgentProvisioned.TYPE: reports.provisioned,
    AgentStateReported.TYPE: reports.state_reported,
    AgentHeartbeat.TYPE: reports.heartbeat,
    CommandAcknowledged.TYPE: reports.acknowledged,
    CommandCompleted.TYPE: reports.completed,
    CommandFailed.TYPE: reports.failed,
}


async def organisation_deleted(ctx: HandlerContext, message: OrganisationDeleted) -> None:
    """Everything an organisation ran goes with it."""
    rows = await ctx.conn.fetch(
        f"SELECT id FROM {SCHEMA}.environments WHERE organisation_id = $1 AND state NOT IN ('deleting', 'deleted')",
        message.organisation_id,
    )
    for row in rows:
        await run_in(ctx.tx, row["id"], lambda env: decisions.act(env, "delete"))


def consumers(runtime: Runtime) -> list[Consumer]:
    service, settings = context_of(runtime), runtime.settings
    own_commands: dict[str, Handler] = {
        ProvisionEnvironment.TYPE: partial(provisioning.provision, service),
        DecommissionEnvironment.TYPE: partial(provisioning.decommission, service),
    }
    return [
        runtime.consumer("environments.commands", own_commands, bindings=[(COMMANDS, t) for t in own_commands]),
        runtime.consumer(
            "environments.agent-events", AGENT_REPORTS, bindings=[(CENV_EVENTS, "#")],
            prefetch=settings.consumer_prefetch * 4, authorise=reports.authorise,
        ),
        runtime.consumer("environments.organisations", {OrganisationDeleted.TYPE: organisation_deleted}),
    ]  # fmt: skip
