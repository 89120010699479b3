"""The periodic sweep: chase unacknowledged commands, time out provisioning, notice silent agents."""

from __future__ import annotations

import uuid
from datetime import timedelta
from functools import partial

from common.logging import get_logger
from common.unit_of_work import Runner
from environments.config import EnvironmentsSettings
from environments.domain import decisions
from environments.domain.lifecycle import AGENT_ALIVE
from environments.service_layer.ports import Index
from environments.service_layer.units import Decide, run_on

log = get_logger(__name__)


async def sweep_once(run: Runner, index: Index, settings: EnvironmentsSettings) -> None:
    now = await index.now()
    timeout, attempts = settings.command_ack_timeout_seconds, settings.command_max_attempts
    for environment_id in await index.commands_unanswered(now - timedelta(seconds=timeout)):
        await _step(run, environment_id, lambda e: decisions.chase_command(e, now, timeout, attempts))
    for environment_id in await index.in_states(["provisioning"]):
        await _step(
            run, environment_id, lambda e: decisions.provisioning_timed_out(e, now, settings.provision_timeout_seconds)
        )
    silent_since = now - timedelta(seconds=settings.unreachable_after_seconds)
    for environment_id, last_heartbeat_at in await index.silent(AGENT_ALIVE, silent_since):
        await _step(run, environment_id, partial(decisions.unreachable, last_heartbeat_at=last_heartbeat_at))


async def _step(run: Runner, environment_id: uuid.UUID, decide: Decide) -> None:
    try:
        await run_on(run, environment_id, decide)
    except Exception as exc:  # noqa: BLE001 (one environment's trouble must not stop the sweep)
        log.warning("sweep_step_failed", environment_id=str(environment_id), error=repr(exc))
