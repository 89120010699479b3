"""The evaluator checks alerts a batch at a time: of many alerts, those whose episode changes are appended (raised
once, even by two evaluators at once), the others not touched at all (their streams stay as they were), an
evaluator started afresh (a restart) adds nothing, and the recovery clears exactly the raised ones, found by an
evaluator that kept the states it folded before."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

from alerts.adapters import event_codec, samples
from alerts.domain import alerts as alert_stream
from alerts.domain import events as e
from alerts.entrypoints.workers import Evaluator
from cenv_agent.contract.messages import EndpointStatistics, StatisticsReported
from tests.integration.alerts.conftest import AlertsUnderTest
from tests.integration.alerts.test_alerts import ALERTS, rule
from tests.support.service_under_test import member_of, new_organisation

INPUTS = 12
LOW = {0, 3, 4, 9, 11}  # inputs whose bitrate falls below the threshold


def _stats(kbps: float) -> EndpointStatistics:
    return EndpointStatistics(bitrate_kbps=kbps, jitter_ms=1, loss_millipercent=0, rtt_ms=20, dropped=0, packets=10,
                              uptime_seconds=60, connected=True)  # fmt: skip


async def _report(alerts: AlertsUnderTest, environment_id: uuid.UUID, start: datetime, low: set[int]) -> None:
    for n in range(12):
        await samples.store(alerts.runtime.pool, "alerts", StatisticsReported(
            environment_id=environment_id, sampled_at=start + timedelta(seconds=5 * n),
            inputs={f"cam-{i}": _stats(400 if i in low else 5000) for i in range(INPUTS)}))  # fmt: skip


async def _history(alerts: AlertsUnderTest, alert_id: str) -> list[e.DomainEvent]:
    return event_codec.decode_all(await alerts.runtime.store.load(alert_stream.stream_id(uuid.UUID(alert_id))))


async def test_only_changing_alerts_are_appended_batch_by_batch_raised_once_and_cleared(
    alerts: AlertsUnderTest,
) -> None:
    admin = member_of(new_organisation())
    assert admin.managing_organisation_id
    environment_id = await alerts.environment(admin.managing_organisation_id)
    for i in range(INPUTS):
        await alerts.endpoint("input", admin.managing_organisation_id, environment_id, f"cam-{i}")
    body = {"environment_id": str(environment_id), "input_ids": [f"cam-{i}" for i in range(INPUTS)],
            "alert_method_id": await alerts.create(admin, "Mail"), **rule(alert_check_frequency="10s")}  # fmt: skip
    ids = [a["id"] for a in (await alerts.call(admin, "POST", ALERTS, body)).ok(201)["objects"]]
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=10)
    await _report(alerts, environment_id, start, LOW)
    now = start + timedelta(seconds=60)

    kept, other = Evaluator(alerts.runtime, batch=5), Evaluator(alerts.runtime, batch=5)
    await asyncio.gather(kept.tick(now), other.tick(now))
    for i, alert_id in enumerate(ids):
        kinds = [type(x) for x in await _history(alerts, alert_id)]
        assert kinds == ([e.AlertCreated, e.AlertBreached, e.AlertRaised] if i in LOW else [e.AlertCreated]), i
    assert await Evaluator(alerts.runtime, batch=5).tick(now + timedelta(seconds=20)) == [], "a restart adds none"

    await _report(alerts, environment_id, now + timedelta(seconds=5), set())
    # the evaluator kept from the first check (which may have lost every raise to the other) reads what was recorded
    # since it last looked, and clears what is raised
    cleared = await kept.tick(now + timedelta(seconds=65))
    assert sorted(str(c.alert_id) for c in cleared) == sorted(ids[i] for i in LOW)
    assert all(isinstance(c, e.AlertCleared) for c in cleared)
    for i in LOW:
        raised, clear = [x for x in await _history(alerts, ids[i]) if isinstance(x, e.AlertEpisode)]
        assert raised.raise_id == clear.raise_id


async def test_a_tick_with_no_alert_due_checks_nothing_and_fails_nothing(alerts: AlertsUnderTest) -> None:
    """Every active alert checked by the first tick is not due again at the same instant (nor are there any)."""
    evaluator, now = Evaluator(alerts.runtime), datetime.now(UTC)
    await evaluator.tick(now)
    assert await evaluator.tick(now) == []
