"""The environments service's subscriptions: its own commands, its agents' reports, organisations deleted, and the
resizes agents told the scheduler.

Each handler is a use case of the service layer, given a unit of work on the consumer's transaction
(so its effects commit with the inbox record) and the ports it needs on the same connection.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from cenv_agent.contract.messages import (
    AgentHeartbeat,
    AgentProvisioned,
    AgentStateReported,
    CommandAcknowledged,
    CommandCompleted,
    CommandFailed,
)
from cenv_agent.contract.senders import authorise
from common.bus.admission import Admit, TokenBuckets, environment_of_routing_key, per_sender
from common.bus.consumer import Committing, Consumer, Handler, HandlerContext, OwnTransaction
from common.contracts import Message
from common.http.app import Runtime
from common.unit_of_work import Runner, Work
from environments.adapters.commands import DecommissionEnvironment, ProvisionEnvironment
from environments.adapters.projections import PROJECTIONS
from environments.adapters.read_side import PostgresIndex, PostgresLiveness
from environments.config import EnvironmentsSettings
from environments.context import SCHEMA, Environments, context_of
from environments.contract import AGENT_REPORTS as AGENT_REPORTS_QUEUE
from environments.contract import ORGANISATIONS, OWN_COMMANDS, RESIZES
from environments.service_layer import lifecycle, provisioning, reports
from environments.service_layer.ports import Liveness
from gateway.contract.events import OrganisationDeleted
from scheduler.contract.events import EnvironmentResized

T = TypeVar("T")

Report = Callable[[Work, Liveness, Any], Awaitable[None]]


def _report(use_case: Report) -> Handler:
    async def handle(ctx: HandlerContext, report: Any) -> None:
        await use_case(Work(ctx.tx, PROJECTIONS), PostgresLiveness(ctx.conn, SCHEMA), report)

    return handle


AGENT_REPORTS: dict[type[Message], Handler] = {
    AgentProvisioned: _report(reports.provisioned),
    AgentStateReported: _report(reports.state_reported),
    AgentHeartbeat: _report(reports.heartbeat),
    CommandAcknowledged: _report(reports.acknowledged),
    CommandCompleted: _report(reports.completed),
    CommandFailed: _report(reports.failed),
}


async def organisation_deleted(ctx: HandlerContext, message: OrganisationDeleted) -> None:
    index = PostgresIndex(ctx.conn, SCHEMA)
    await lifecycle.organisation_deleted(Work(ctx.tx, PROJECTIONS), index, message.organisation_id)


async def environment_resized(ctx: HandlerContext, message: EnvironmentResized) -> None:
    await lifecycle.resized(Work(ctx.tx, PROJECTIONS), message.environment_id, message.instance_type, message.version)


def own_commands(service: Environments) -> dict[type[Message], OwnTransaction]:
    """Each works in the environment's turn and holds no transaction until it records the outcome, with the
    message: a copy of the command redelivered while the first still retries a fault waits for the turn,
    then finds the work done."""

    def settle(ctx: Committing) -> Runner:
        async def run(unit: Callable[[Work], Awaitable[T]]) -> T:
            return await ctx.commit(lambda tx: unit(Work(tx, PROJECTIONS, lock=True)))

        return run

    async def provision(ctx: Committing, command: ProvisionEnvironment) -> None:
        await provisioning.provision(service.run, settle(ctx), service.machines, command)

    async def decommission(ctx: Committing, command: DecommissionEnvironment) -> None:
        await provisioning.decommission(service.run, settle(ctx), service.machines, command)

    return {ProvisionEnvironment: OwnTransaction(provision), DecommissionEnvironment: OwnTransaction(decommission)}


def agent_admission(settings: EnvironmentsSettings) -> Admit:
    """One agent's flood is dropped before it costs a parse or a transaction, so other tenants' agents are not
    kept waiting behind it; a well-behaved agent sends a few messages a minute."""
    buckets = TokenBuckets(settings.agent_messages_per_second, settings.agent_message_burst)
    return per_sender(settings.agent_message_max_bytes, buckets, environment_of_routing_key)


def consumers(runtime: Runtime) -> list[Consumer]:
    service, settings = context_of(runtime), runtime.settings
    return [
        runtime.consumer(OWN_COMMANDS.queue, own_commands(service)),
        runtime.consumer(
            AGENT_REPORTS_QUEUE.queue, AGENT_REPORTS,
            prefetch=settings.consumer_prefetch * 4, authorise=authorise, admit=agent_admission(service.settings),
        ),
        runtime.consumer(ORGANISATIONS.queue, {OrganisationDeleted: organisation_deleted}),
        runtime.consumer(RESIZES.queue, {EnvironmentResized: environment_resized}),
    ]  # fmt: skip
