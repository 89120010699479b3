"""The periodic sweep: chase unacknowledged commands, time out provisioning, notice silent agents."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime
from functools import partial

from common.http.app import Runtime
from common.logging import get_logger
from environments.config import EnvironmentsSettings
from environments.context import context_of
from environments.domain import decisions
from environments.domain.lifecycle import AGENT_ALIVE
from environments.service_layer.scoped import Decide, run

log = get_logger(__name__)


async def sweep_forever(runtime: Runtime) -> None:
    settings = context_of(runtime).settings
    while True:
        await asyncio.sleep(settings.sweep_seconds)
        try:
            await sweep_once(runtime, settings)
        except Exception as exc:  # noqa: BLE001 (a failed sweep is retried at the next tick)
            log.warning("sweep_failed", error=repr(exc))


async def sweep_once(runtime: Runtime, settings: EnvironmentsSettings) -> None:
    store, s = runtime.store, runtime.store.schema
    now: datetime = await store.pool.fetchval("SELECT now()")
    overdue = await store.pool.fetch(
        f"""SELECT DISTINCT environment_id FROM {s}.agent_commands
            WHERE finished_at IS NULL AND last_issued_at < $1::timestamptz - make_interval(secs => $2)""",
        now, settings.command_ack_timeout_seconds,
    )  # fmt: skip
    timeout, attempts = settings.command_ack_timeout_seconds, settings.command_max_attempts
    for row in overdue:
        await _run(runtime, row["environment_id"], lambda e: decisions.chase_command(e, now, timeout, attempts))
    provisioning = await store.pool.fetch(f"SELECT id FROM {s}.environments WHERE state = 'provisioning'")
    for row in provisioning:
        await _run(
            runtime, row["id"], lambda e: decisions.provisioning_timed_out(e, now, settings.provision_timeout_seconds)
        )
    silent = await store.pool.fetch(
        f"""SELECT e.id, l.last_heartbeat_at FROM {s}.environments e
            LEFT JOIN {s}.environment_liveness l ON l.environment_id = e.id
            WHERE e.state = ANY($1::text[]) AND e.health <> 'unreachable'
              AND coalesce(l.last_heartbeat_at, e.updated_at) < $2::timestamptz - make_interval(secs => $3)""",
        sorted(AGENT_ALIVE), now, settings.unreachable_after_seconds,
    )  # fmt: skip
    for row in silent:
        await _run(runtime, row["id"], partial(decisions.unreachable, last_heartbeat_at=row["last_heartbeat_at"]))


async def _run(runtime: Runtime, environment_id: uuid.UUID, decide: Decide) -> None:
    try:
        await run(runtime.store, environment_id, decide)
    except Exception as exc:  # noqa: BLE001 (one environment's trouble must not stop the sweep)
        log.warning("sweep_step_failed", environment_id=str(environment_id), error=repr(exc))
