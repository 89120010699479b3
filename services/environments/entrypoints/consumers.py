"""The environments service's subscriptions: its own commands, its agents' reports, organisations deleted."""

from __future__ import annotations

from functools import partial

from cenv_agent.contract.messages import (
    AgentHeartbeat,
    AgentProvisioned,
    AgentStateReported,
    CommandAcknowledged,
    CommandCompleted,
    CommandFailed,
)
from common.bus.admission import Admit, TokenBuckets, environment_of_routing_key, per_sender
from common.bus.consumer import Consumer, Handler, HandlerContext
from common.contracts import Message
from common.http.app import Runtime
from environments.adapters.commands import DecommissionEnvironment, ProvisionEnvironment
from environments.config import EnvironmentsSettings
from environments.context import SCHEMA, context_of
from environments.contract import AGENT_REPORTS as AGENT_REPORTS_QUEUE
from environments.contract import ORGANISATIONS, OWN_COMMANDS
from environments.domain import decisions
from environments.service_layer import provisioning, reports
from environments.service_layer.scoped import run_in
from gateway.contract.events import OrganisationDeleted

AGENT_REPORTS: dict[type[Message], Handler] = {
    AgentProvisioned: reports.provisioned,
    AgentStateReported: reports.state_reported,
    AgentHeartbeat: reports.heartbeat,
    CommandAcknowledged: reports.acknowledged,
    CommandCompleted: reports.completed,
    CommandFailed: reports.failed,
}


async def organisation_deleted(ctx: HandlerContext, message: OrganisationDeleted) -> None:
    """Everything an organisation ran goes with it."""
    rows = await ctx.conn.fetch(
        f"SELECT id FROM {SCHEMA}.environments WHERE organisation_id = $1 AND state NOT IN ('deleting', 'deleted')",
        message.organisation_id,
    )
    for row in rows:
        await run_in(ctx.tx, row["id"], lambda env: decisions.act(env, "delete"))


def agent_admission(settings: EnvironmentsSettings) -> Admit:
    """One agent's flood is dropped before it costs a parse or a transaction, so other tenants' agents are not
    kept waiting behind it; a well-behaved agent sends a few messages a minute."""
    buckets = TokenBuckets(settings.agent_messages_per_second, settings.agent_message_burst)
    return per_sender(settings.agent_message_max_bytes, buckets, environment_of_routing_key)


def consumers(runtime: Runtime) -> list[Consumer]:
    service, settings = context_of(runtime), runtime.settings
    own_commands: dict[type[Message], Handler] = {
        ProvisionEnvironment: partial(provisioning.provision, service),
        DecommissionEnvironment: partial(provisioning.decommission, service),
    }
    return [
        runtime.consumer(OWN_COMMANDS.queue, own_commands),
        runtime.consumer(
            AGENT_REPORTS_QUEUE.queue, AGENT_REPORTS,
            prefetch=settings.consumer_prefetch * 4, authorise=reports.authorise,
            admit=agent_admission(service.settings),
        ),
        runtime.consumer(ORGANISATIONS.queue, {OrganisationDeleted: organisation_deleted}),
    ]  # fmt: skip
