"""The periodic sweep: chase unanswered commands, resolve waiting states past their deadlines, notice silent agents."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from functools import partial

from common.logging import get_logger
from common.unit_of_work import Runner
from environments.config import EnvironmentsSettings
from environments.domain import deadlines, decisions
from environments.domain.deadlines import Deadlines
from environments.domain.lifecycle import AGENT_ALIVE, WAITING
from environments.service_layer.ports import Index
from environments.service_layer.units import Decide, run_on

log = get_logger(__name__)


def deadlines_of(settings: EnvironmentsSettings) -> Deadlines:
    return Deadlines(
        command_ack=settings.command_ack_timeout_seconds,
        command_attempts=settings.command_max_attempts,
        provision=settings.provision_timeout_seconds,
        settle=settings.settle_timeout_seconds,
        decommission=settings.decommission_timeout_seconds,
    )


async def sweep_once(run: Runner, index: Index, settings: EnvironmentsSettings, awake_since: datetime) -> None:
    """``awake_since``: when this service started sweeping (deadlines that wait on others count from it at least)."""
    now, limits = await index.now(), deadlines_of(settings)
    for environment_id in await index.commands_unanswered(now - timedelta(seconds=limits.command_ack)):
        await _step(run, environment_id, partial(deadlines.chase_command, now=now, ack_timeout=limits.command_ack,
                                                 max_attempts=limits.command_attempts))  # fmt: skip
    for environment_id in await index.in_states(WAITING):
        await _step(run, environment_id, partial(deadlines.overdue, now=now, deadlines=limits, awake_since=awake_since))
    silent_since = now - timedelta(seconds=settings.unreachable_after_seconds)
    for environment_id, last_heartbeat_at in await index.silent(AGENT_ALIVE, silent_since):
        await _step(run, environment_id, partial(decisions.unreachable, last_heartbeat_at=last_heartbeat_at))


async def _step(run: Runner, environment_id: uuid.UUID, decide: Decide) -> None:
    try:
        await run_on(run, environment_id, decide)
    except Exception as exc:  # noqa: BLE001 (one environment's trouble must not stop the sweep)
        log.warning("sweep_step_failed", environment_id=str(environment_id), error=repr(exc))
