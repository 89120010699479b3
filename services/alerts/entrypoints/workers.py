"""The alerts service's background loops: each active alert checked at its own frequency, old samples pruned, an
alert set an agent has not said it holds sent again, a few times, and guests' alerts on inputs no longer shown to
them deleted.

When each alert is next due is kept in memory: after a restart every alert is checked at once (its episode is on
its stream, so that check neither raises again nor forgets to clear)."""

from __future__ import annotations

import asyncio
import uuid
from collections import deque
from datetime import UTC, datetime, timedelta
from typing import Any

from alerts.adapters import evaluation_reads, samples
from alerts.adapters.delivery_log import PostgresDeliveryLog
from alerts.adapters.known import PostgresKnown, known_of
from alerts.adapters.members import PostgresMembers
from alerts.config import SCHEMA, AlertsSettings
from alerts.context import runner
from alerts.contract.rules import seconds
from alerts.domain import evaluation as steps
from alerts.domain.alerts import Alert
from alerts.domain.evaluation import Sample
from alerts.service_layer import alerts, evaluation
from common import full_sets
from common.http.app import Runtime
from common.logging import get_logger
from common.ticks import every
from common.unit_of_work import UnitOfWork, Work

log = get_logger(__name__)
BATCH = 500
AHEAD = 2  # batches read at once
PROBE = uuid.UUID(int=0)  # the raise id of a step that only asks whether anything would change
DUE = f"""SELECT id, alert_check_frequency FROM {SCHEMA}.alerts WHERE NOT deleted AND status = 'active'"""


async def window(
    work: UnitOfWork, environment_id: uuid.UUID, side: str, endpoint_id: str, start: datetime, end: datetime
) -> list[Sample]:
    assert isinstance(work, Work)
    return await samples.window(work.conn, work.schema, environment_id, side, endpoint_id, start, end)


def members_of(work: UnitOfWork) -> PostgresMembers:
    assert isinstance(work, Work)
    return PostgresMembers(work.conn, work.schema)


def deliveries_of(work: UnitOfWork) -> PostgresDeliveryLog:
    assert isinstance(work, Work)
    return PostgresDeliveryLog(work.conn, work.schema)


class Evaluator:
    """Checks every active alert whose check is due, a batch at a time: the batch's streams and window averages read
    in two queries, and only the alerts whose episode would change decided again and appended, in one unit. A batch
    whose unit fails is checked alert by alert, so one alert's trouble does not stop the others."""

    def __init__(self, runtime: Runtime, batch: int = BATCH, ahead: int = AHEAD) -> None:
        self.runtime, self.batch, self.ahead, self.next_due = runtime, batch, ahead, dict[uuid.UUID, datetime]()
        self.kept: evaluation_reads.Kept = {}

    async def tick(self, now: datetime | None = None) -> list[Any]:
        now, due = now or datetime.now(UTC), []
        recorded: list[Any] = []
        rows = await self.runtime.pool.fetch(DUE)
        live = {row["id"] for row in rows}
        self.next_due = {k: v for k, v in self.next_due.items() if k in live}
        self.kept = {k: v for k, v in self.kept.items() if k in live}
        for row in rows:
            if self.next_due.get(row["id"], now) > now:
                continue
            self.next_due[row["id"]] = now + timedelta(seconds=seconds(row["alert_check_frequency"]) or 60)
            due.append(row["id"])
        batches = [due[start : start + self.batch] for start in range(0, len(due), self.batch)]
        if not batches:
            return []
        # The next batches are read while this one is decided: the database (on both cores) and the interpreter
        # work side by side.
        pending, reads = iter(batches), deque[asyncio.Future[tuple[list[Alert], list[float | None]]]]()

        def read_next() -> None:
            following = next(pending, None)
            if following is not None:
                reads.append(asyncio.ensure_future(self._read(following, now)))

        for _ in range(self.ahead):
            read_next()
        try:
            while reads:
                held, values = await reads.popleft()
                read_next()
                recorded += await self._check(held, values, now)
        finally:
            for read in reads:
                read.cancel()
            await asyncio.gather(*reads, return_exceptions=True)
        return recorded

    async def _read(self, alert_ids: list[uuid.UUID], now: datetime) -> tuple[list[Alert], list[float | None]]:
        async with evaluation_reads.reading(self.runtime.pool) as conn:
            held = [a for a in (await evaluation_reads.folded(conn, SCHEMA, alert_ids, self.kept)).values()
                    if a.rule is not None and a.environment_id is not None]  # fmt: skip
            return held, await evaluation_reads.averages(conn, SCHEMA, held, now) if held else []

    async def _check(self, held: list[Alert], values: list[float | None], now: datetime) -> list[Any]:
        changing = [(a.alert_id, value) for a, value in zip(held, values, strict=True)
                    if a.alert_id is not None and steps.step(a, now, value, PROBE)]  # fmt: skip
        if not changing:
            return []
        try:
            return await evaluation.decide_many(runner(self.runtime), members_of, deliveries_of, changing, now)
        except Exception as exc:  # noqa: BLE001 (the batch's trouble is one alert's: find it, check the others)
            log.warning("alert_batch_evaluation_failed", alerts=len(changing), error=repr(exc))
        recorded = []
        for alert_id, _ in changing:
            try:
                recorded += await evaluation.evaluate(runner(self.runtime), window, members_of, deliveries_of,
                                                      alert_id, now)  # fmt: skip
            except Exception as exc:  # noqa: BLE001 (one alert's trouble must not stop the others)
                log.warning("alert_evaluation_failed", alert_id=str(alert_id), error=repr(exc))
        return recorded


async def evaluate_forever(runtime: Runtime) -> None:
    settings = runtime.settings
    assert isinstance(settings, AlertsSettings)
    evaluator = Evaluator(runtime)
    await every(settings.evaluation_tick_seconds, evaluator.tick, "alert_evaluation_tick_failed")


async def sweep_forever(runtime: Runtime) -> None:
    settings = runtime.settings
    assert isinstance(settings, AlertsSettings)
    await every(settings.sweep_seconds, lambda: sweep_once(runtime, settings), "alert_sweep_failed")


async def sweep_once(runtime: Runtime, settings: AlertsSettings) -> None:
    await samples.prune(runtime.pool, SCHEMA, settings.samples_kept_seconds)
    timeout, attempts = settings.set_timeout_seconds, settings.set_max_attempts
    for environment_id in await full_sets.unanswered(runtime.pool, SCHEMA, alerts.KIND, timeout, attempts):
        try:
            await alerts.chase(runner(runtime), environment_id, attempts)
        except Exception as exc:  # noqa: BLE001 (one environment's trouble must not stop the sweep)
            log.warning("alert_set_chase_step_failed", environment_id=str(environment_id), error=repr(exc))
    await withdraw_groundless(runtime)


async def withdraw_groundless(runtime: Runtime) -> None:
    environments = dict.fromkeys(env for _, env in await PostgresKnown(runtime.pool, SCHEMA).groundless())
    for environment_id in environments:
        try:
            withdrawn = await alerts.withdraw_groundless(runner(runtime), known_of, environment_id, datetime.now(UTC))
            log.info("guest_alerts_withdrawn", environment_id=str(environment_id), alerts=withdrawn)
        except Exception as exc:  # noqa: BLE001 (one environment's trouble must not stop the sweep)
            log.warning("guest_alert_withdrawal_failed", environment_id=str(environment_id), error=repr(exc))
