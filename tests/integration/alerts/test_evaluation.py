"""Alerts evaluated over the statistics agents report, on the real service, Postgres and broker: a low bitrate
raises the alert once (alerts.AlertRaised on the bus with everything a delivery needs, is_alerting, a notification
for the organisation's members), an evaluator started afresh (a restart) raises nothing more, two at once raise it
once, the recovery clears it with the same raise id; a muted alert is evaluated and says it is muted, and notifies
nobody; muted for a while (Slack's button, A279), it says so until then."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import aio_pika
import pytest
from yarl import URL

from alerts.adapters import event_codec
from alerts.context import runner
from alerts.domain import alerts as alert_stream
from alerts.domain import events as e
from alerts.entrypoints.workers import Evaluator
from alerts.service_layer.alerts import mute_alert_for
from cenv_agent.contract.messages import EndpointStatistics, StatisticsReported
from common.bus.topology import CENV_EVENTS, EVENTS
from common.contracts import envelope_for
from common.errors import NotFound
from common.http.principal import Principal
from environments.adapters.broker import AgentBroker
from gateway.contract.events import UserJoinedOrganisation
from tests.integration.alerts.conftest import AlertsUnderTest
from tests.integration.alerts.test_alerts import ALERTS, rule
from tests.support.bus import drain, tap
from tests.support.service_under_test import member_of, new_organisation
from tests.support.waiting import eventually


@dataclass
class Studio:
    admin: Principal
    environment_id: uuid.UUID
    agent_url: str
    alert_id: str

    async def report(self, alerts: AlertsUnderTest, start: datetime, seconds: int, kbps: int) -> None:
        """One sample a second of ``cam`` from ``start`` for ``seconds``, sent as the environment's agent."""
        reports = [StatisticsReported(environment_id=self.environment_id, sampled_at=start + timedelta(seconds=n),
                                      inputs={"cam": _stats(kbps)}) for n in range(seconds)]  # fmt: skip
        async with await aio_pika.connect(self.agent_url) as connection:
            channel = await connection.channel(publisher_confirms=True)
            exchange = await channel.get_exchange(CENV_EVENTS, ensure=False)
            for r in reports:
                body = envelope_for(r, producer="cenv_agent", correlation_id="samples").to_bytes()
                await exchange.publish(aio_pika.Message(body, user_id=URL(self.agent_url).user),
                                       f"{self.environment_id}.{r.TYPE}")  # fmt: skip
        last = start + timedelta(seconds=seconds - 1)
        await alerts.until("SELECT count(*) > 0 FROM alerts.samples WHERE environment_id = $1 AND sampled_at = $2",
                           self.environment_id, last)  # fmt: skip


def _stats(kbps: int) -> EndpointStatistics:
    return EndpointStatistics(bitrate_kbps=kbps, jitter_ms=1, loss_millipercent=0, rtt_ms=20, dropped=0, packets=10,
                              uptime_seconds=60, connected=True)  # fmt: skip


@pytest.fixture
async def studio(
    alerts: AlertsUnderTest, management_url: str, amqp_url: str, internal_key: str
) -> AsyncIterator[Studio]:
    admin = member_of(new_organisation())
    organisation_id = admin.managing_organisation_id
    assert organisation_id and admin.user_id
    await alerts.publish(UserJoinedOrganisation(organisation_id=organisation_id, user_id=admin.user_id,
                                                permission_type="admin"))  # fmt: skip
    await alerts.until("SELECT count(*) FROM alerts.members WHERE organisation_id = $1", organisation_id, expect=1)
    environment_id = await alerts.environment(organisation_id)
    await alerts.endpoint("input", organisation_id, environment_id, "cam")
    body = {"environment_id": str(environment_id), "input_ids": ["cam"],
            "alert_method_id": await alerts.create(admin, "Mail"), **rule(alert_check_frequency="10s")}  # fmt: skip
    alert_id = (await alerts.call(admin, "POST", ALERTS, body)).ok(201)["objects"][0]["id"]
    broker = AgentBroker(management_url, amqp_url, None, 5, internal_key.encode())
    account = await broker.grant(alerts.runtime.connection, environment_id)
    yield Studio(admin, environment_id, account.amqp_url.get_secret_value(), alert_id)
    await broker.revoke(alerts.runtime.connection, environment_id)


async def _episodes(alerts: AlertsUnderTest, alert_id: str) -> list[e.DomainEvent]:
    stored = await alerts.runtime.store.load(alert_stream.stream_id(uuid.UUID(alert_id)))
    return [x for x in event_codec.decode_all(stored) if isinstance(x, e.AlertRaised | e.AlertCleared)]


async def _notifications(alerts: AlertsUnderTest, member: Principal) -> list[str]:
    return [n["category"] for n in (await alerts.call(member, "GET", "/api/notifications")).ok()["objects"]]


async def _alerting(alerts: AlertsUnderTest, studio: Studio) -> bool:
    env = f"/api/customer_environment/{studio.environment_id}"
    [alert] = (await alerts.call(studio.admin, "GET", f"{env}/inputs/cam/alerts")).ok()["objects"]
    return bool(alert["is_alerting"])


async def test_a_low_bitrate_raises_once_across_restarts_and_its_recovery_clears(
    alerts: AlertsUnderTest, studio: Studio
) -> None:
    channel = await alerts.runtime.connection.channel()
    raised, cleared = (
        await tap(channel, EVENTS, "alerts.AlertRaised"),
        await tap(channel, EVENTS, "alerts.AlertCleared"),
    )
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
    await studio.report(alerts, start, 30, kbps=400)
    now = start + timedelta(seconds=30)
    # two evaluators at once (two replicas, say): they collide on the alert's stream and it is raised once
    await asyncio.gather(Evaluator(alerts.runtime).tick(now), Evaluator(alerts.runtime).tick(now))
    assert await _alerting(alerts, studio)
    assert [type(x) for x in await _episodes(alerts, studio.alert_id)] == [e.AlertRaised]
    [message] = [m for m in await drain(raised, 1) if m["payload"]["alert_id"] == studio.alert_id]
    payload = message["payload"]
    assert (payload["value"], payload["query_value"], payload["side"], payload["endpoint_id"]) == (
        400.0,
        [1000.0],
        "input",
        "cam",
    )
    assert (payload["muted"], payload["repeat"], payload["environment_id"]) == (False, 0, str(studio.environment_id))
    assert payload["organisation_id"] == payload["created_by_organisation_id"] == studio.admin.managing_organisation_id
    await eventually(lambda: _has(alerts, studio.admin, ["alert_raised"]), within=10)

    # a restart (a new evaluator, nothing in memory) checks at once and raises nothing more
    await Evaluator(alerts.runtime).tick(now + timedelta(seconds=20))
    assert [type(x) for x in await _episodes(alerts, studio.alert_id)] == [e.AlertRaised]

    await studio.report(alerts, now + timedelta(seconds=30), 61, kbps=5000)
    recovered = now + timedelta(seconds=90)
    await Evaluator(alerts.runtime).tick(recovered)
    assert not await _alerting(alerts, studio)
    episodes = await _episodes(alerts, studio.alert_id)
    assert [type(x) for x in episodes] == [e.AlertRaised, e.AlertCleared]
    assert episodes[0].raise_id == episodes[1].raise_id  # type: ignore[attr-defined]
    [clear] = [m for m in await drain(cleared, 1) if m["payload"]["alert_id"] == studio.alert_id]
    assert clear["payload"]["raise_id"] == payload["raise_id"] and clear["payload"]["value"] == 5000.0
    await eventually(lambda: _has(alerts, studio.admin, ["alert_cleared", "alert_raised"]), within=10)
    await channel.close()


async def test_a_muted_alert_is_evaluated_says_so_and_notifies_nobody(alerts: AlertsUnderTest, studio: Studio) -> None:
    (await alerts.call(studio.admin, "POST", f"{ALERTS}/mute", {"alert_ids": [studio.alert_id]})).ok(204)
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
    await studio.report(alerts, start, 20, kbps=100)
    await Evaluator(alerts.runtime).tick(start + timedelta(seconds=20))
    [raised] = await _episodes(alerts, studio.alert_id)
    assert isinstance(raised, e.AlertRaised) and raised.muted and await _alerting(alerts, studio)
    assert await _notifications(alerts, studio.admin) == []


async def test_without_samples_a_threshold_alert_decides_nothing(alerts: AlertsUnderTest, studio: Studio) -> None:
    await Evaluator(alerts.runtime).tick(datetime.now(UTC))
    assert await _episodes(alerts, studio.alert_id) == [] and not await _alerting(alerts, studio)


async def _has(alerts: AlertsUnderTest, member: Principal, categories: list[str]) -> None:
    assert sorted(await _notifications(alerts, member)) == categories


async def test_an_alert_muted_for_a_while_says_so_until_then_and_only_its_organisations_may_mute_it(
    alerts: AlertsUnderTest, studio: Studio
) -> None:
    organisation_id, alert_id = studio.admin.managing_organisation_id or 0, uuid.UUID(studio.alert_id)
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
    with pytest.raises(NotFound):
        await mute_alert_for(runner(alerts.runtime), organisation_id + 1, alert_id, start + timedelta(hours=1))
    await mute_alert_for(runner(alerts.runtime), organisation_id, alert_id, start + timedelta(seconds=30))
    await studio.report(alerts, start, 20, kbps=100)
    await Evaluator(alerts.runtime).tick(start + timedelta(seconds=20))
    await studio.report(alerts, start + timedelta(seconds=20), 60, kbps=5000)
    await Evaluator(alerts.runtime).tick(start + timedelta(seconds=80))
    raised, cleared = await _episodes(alerts, studio.alert_id)
    assert isinstance(raised, e.AlertRaised) and raised.muted
    assert isinstance(cleared, e.AlertCleared) and not cleared.muted
    await eventually(lambda: _has(alerts, studio.admin, ["alert_cleared"]), within=10)


async def _deliveries(alerts: AlertsUnderTest, studio: Studio) -> list[tuple[str, str]]:
    log = (await alerts.call(studio.admin, "GET", f"{ALERTS}/{studio.alert_id}/deliveries")).ok()["objects"]
    return sorted((d["state"], d["status"]) for d in log)


async def test_a_category_the_organisation_muted_is_not_delivered_and_the_others_are(
    alerts: AlertsUnderTest, studio: Studio
) -> None:
    muting = {"categories": ["alert_raised"]}
    (await alerts.call(studio.admin, "PUT", "/api/notifications/muted_categories", muting)).ok()
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
    await studio.report(alerts, start, 20, kbps=100)
    await Evaluator(alerts.runtime).tick(start + timedelta(seconds=20))
    assert await _alerting(alerts, studio)  # evaluation goes on
    assert await _deliveries(alerts, studio) == [("raised", "skipped")]
    await studio.report(alerts, start + timedelta(seconds=20), 61, kbps=5000)
    await Evaluator(alerts.runtime).tick(start + timedelta(seconds=81))
    assert not await _alerting(alerts, studio)
    states = await _deliveries(alerts, studio)
    assert [s for s in states if s[0] == "cleared"] and all(s[1] != "skipped" for s in states if s[0] == "cleared")
