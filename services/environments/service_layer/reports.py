"""Handling what agents report: provisioned, state, heartbeats, and the outcome of each command."""

from __future__ import annotations

import uuid

from cenv_agent.contract.messages import (
    AgentHeartbeat,
    AgentProvisioned,
    AgentStateReported,
    CommandAcknowledged,
    CommandCompleted,
    CommandFailed,
)
from common.bus.consumer import Unprocessable
from common.logging import get_logger
from common.unit_of_work import UnitOfWork
from environments.domain import decisions
from environments.domain.environment import Environment
from environments.domain.events import DomainEvent
from environments.service_layer.ports import Liveness
from environments.service_layer.units import decide_on, known

log = get_logger(__name__)


async def _live(work: UnitOfWork, environment_id: uuid.UUID) -> Environment:
    env = await known(work, environment_id)
    if env.state == "deleted":
        raise Unprocessable(f"environment {environment_id} is deleted")
    return env


async def provisioned(work: UnitOfWork, liveness: Liveness, report: AgentProvisioned) -> None:
    await _live(work, report.environment_id)
    await decide_on(
        work, report.environment_id, lambda e: decisions.provisioned(e, report.agent_version, report.boot_id)
    )
    await liveness.heard(report.environment_id, boot_id=report.boot_id, version=report.agent_version)


async def state_reported(work: UnitOfWork, liveness: Liveness, report: AgentStateReported) -> None:
    await _live(work, report.environment_id)
    await decide_on(
        work,
        report.environment_id,
        lambda e: [
            *decisions.heard_from(e),
            *decisions.reconcile(e, report.media_state, report.boot_id, report.sequence),
        ],
    )
    await liveness.heard(
        report.environment_id, boot_id=report.boot_id, media_state=report.media_state, version=report.version
    )


async def heartbeat(work: UnitOfWork, liveness: Liveness, report: AgentHeartbeat) -> None:
    """Most beats only say the agent is alive; a unit of work appends only for the few that change something."""
    env = await _live(work, report.environment_id)

    def decide(e: Environment) -> list[DomainEvent]:
        return [*decisions.heard_from(e), *decisions.converge(e, report.media_state, report.boot_id, report.sequence)]

    if decide(env):
        await decide_on(work, report.environment_id, decide)
    await liveness.heard(report.environment_id, boot_id=report.boot_id, media_state=report.media_state,
                         load=report.load)  # fmt: skip


async def acknowledged(work: UnitOfWork, liveness: Liveness, report: CommandAcknowledged) -> None:
    await _live(work, report.environment_id)
    await decide_on(work, report.environment_id, lambda e: decisions.acknowledged(e, report.command_id))


async def completed(work: UnitOfWork, liveness: Liveness, report: CommandCompleted) -> None:
    await _live(work, report.environment_id)
    log.info("agent_command_completed", environment_id=str(report.environment_id), command=report.command_type)
    await decide_on(
        work,
        report.environment_id,
        lambda e: decisions.completed(
            e, report.command_id, report.media_state, report.version, report.boot_id, report.sequence
        ),
    )
    await liveness.heard(report.environment_id, media_state=report.media_state, version=report.version)


async def failed(work: UnitOfWork, liveness: Liveness, report: CommandFailed) -> None:
    await _live(work, report.environment_id)
    await decide_on(work, report.environment_id, lambda e: decisions.failed(e, report.command_id, report.reason))
