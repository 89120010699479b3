"""The scheduler's background loop: a schedule set an agent has not said it holds is sent again, a few times."""

from __future__ import annotations

from common import full_sets
from common.http.app import Runtime
from common.logging import get_logger
from common.ticks import every
from scheduler.config import SCHEMA, SchedulerSettings
from scheduler.context import runner
from scheduler.domain.schedule_set import KIND
from scheduler.service_layer import sets

log = get_logger(__name__)


async def chase_forever(runtime: Runtime) -> None:
    settings = runtime.settings
    assert isinstance(settings, SchedulerSettings)
    await every(settings.sweep_seconds, lambda: chase_once(runtime, settings), "schedule_set_chase_failed")


async def chase_once(runtime: Runtime, settings: SchedulerSettings) -> None:
    timeout, attempts = settings.set_timeout_seconds, settings.set_max_attempts
    for environment_id in await full_sets.unanswered(runtime.pool, SCHEMA, KIND, timeout, attempts):
        try:
            await sets.chase(runner(runtime), environment_id, attempts)
        except Exception as exc:  # noqa: BLE001 (one environment's trouble must not stop the sweep)
            log.warning("schedule_set_chase_step_failed", environment_id=str(environment_id), error=repr(exc))
