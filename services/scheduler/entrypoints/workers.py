"""The scheduler's background loops: a schedule set an agent has not said it holds is sent again, a few times; a
guest's event subscriptions go once it may no longer see the event (its invitation deleted or unregistered, the
label or show_all_events revoked), since the gateway's messages only change the read model; finished runs are
recorded for the history API (P09)."""

from __future__ import annotations

from common import full_sets
from common.http.app import Runtime
from common.logging import get_logger
from common.ticks import every
from scheduler.adapters import runs
from scheduler.config import SCHEMA, SchedulerSettings
from scheduler.context import runner, utc_now
from scheduler.domain.schedule_set import KIND
from scheduler.entrypoints.guests import visible_events_sql
from scheduler.service_layer import sets, subscriptions

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


async def record_runs_forever(runtime: Runtime) -> None:
    settings = runtime.settings
    assert isinstance(settings, SchedulerSettings)
    # the keep is read at each sweep, as output sessions read it at each report (a test may lower it)
    await every(settings.sweep_seconds, lambda: runs.record(runtime.pool, SCHEMA, utc_now(), settings.history_keep),
                "run_record_failed")  # fmt: skip


async def withdraw_forever(runtime: Runtime) -> None:
    settings = runtime.settings
    assert isinstance(settings, SchedulerSettings)
    await every(settings.sweep_seconds, lambda: withdraw_once(runtime), "event_subscription_withdrawal_failed")


async def withdraw_once(runtime: Runtime) -> int:
    """Deletes every live subscription whose taker is no longer shown its event; returns how many went."""
    seen = visible_events_sql(SCHEMA, user="NULL::uuid", organisation="s.organisation_id")
    rows = await runtime.pool.fetch(
        f"""SELECT s.id FROM {SCHEMA}.schedules s JOIN {SCHEMA}.live_events e ON e.id = s.event_id
            WHERE NOT s.deleted AND NOT e.deleted AND NOT {seen} ORDER BY s.id"""
    )
    for row in rows:
        await subscriptions.withdraw(runner(runtime), utc_now(), row["id"])
    return len(rows)
