"""Statistics of inputs and outputs with a real agent process: it samples every endpoint it holds, streams keeps the
samples (for a bounded time) and answers A073/A105 live from the agent, or with the last sample, its age and
``stale: true`` when the agent does not answer; A075/A107 zero the agent's counters; the agent's bitrate guard
stops an input over its maximum (A084) and warns of one near it (A085), and the owner's users are notified."""

from __future__ import annotations

import asyncio
import math
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aio_pika
import pytest
from prometheus_client import REGISTRY
from yarl import URL

from cenv_agent import media
from cenv_agent.contract.messages import StatisticsReported
from common.bus.topology import CENV_EVENTS
from common.contracts import envelope_for
from common.http.principal import Principal
from environments.adapters.broker import AgentBroker
from gateway.contract.events import UserJoinedOrganisation
from streams.adapters.projections import PROJECTIONS
from streams.config import SCHEMA, StreamsSettings
from streams.entrypoints.workers import prune_statistics_once
from tests.integration.alerts.conftest import AlertsUnderTest, alerts  # noqa: F401 (the alerts service fixture)
from tests.integration.streams.conftest import StreamsUnderTest
from tests.integration.streams.test_agent_holds_endpoints import AgentProcess
from tests.integration.streams.test_guest_outputs import Invitation
from tests.support.rebuild import drift_at_rest
from tests.support.service_under_test import member_of, new_organisation
from tests.support.waiting import eventually

LISTENER = "srt_listener"


@pytest.fixture
async def agent(streams: StreamsUnderTest, management_url: str, amqp_url: str, internal_key: str,
                tmp_path: Path) -> AsyncIterator[tuple[int, AgentProcess]]:  # fmt: skip
    organisation_id = new_organisation()
    environment_id = await streams.environment(organisation_id)
    broker = AgentBroker(management_url, amqp_url, None, 5, internal_key.encode())
    account = await broker.grant(streams.runtime.connection, uuid.UUID(environment_id))
    process = AgentProcess(environment_id, account.amqp_url.get_secret_value(), account.command_queue, tmp_path)
    process.env["SWITCHYARD_AGENT_STATISTICS_SECONDS"] = "0.5"
    process.start()
    yield organisation_id, process
    process.stop()
    await broker.revoke(streams.runtime.connection, uuid.UUID(environment_id))


def _base(process: AgentProcess, side: str, endpoint_id: str = "") -> str:
    env = f"/api/customer_environment/{process.environment_id}/{side}s"
    return f"{env}/{endpoint_id}" if endpoint_id else env


async def _create(streams: StreamsUnderTest, admin: Principal, process: AgentProcess, side: str, endpoint_id: str,
                  **fields: Any) -> None:  # fmt: skip
    (await streams.call(admin, "POST", f"{_base(process, side)}/{LISTENER}", {"id": endpoint_id, **fields})).ok(201)


async def _samples(streams: StreamsUnderTest, process: AgentProcess, side: str, endpoint_id: str) -> list[Any]:
    return list(await streams.runtime.pool.fetch(
        f"""SELECT * FROM {SCHEMA}.statistics_samples WHERE environment_id = $1 AND side = $2 AND endpoint_id = $3
            ORDER BY sampled_at""",
        uuid.UUID(process.environment_id), side, endpoint_id,
    ))  # fmt: skip


async def _sampled(streams: StreamsUnderTest, process: AgentProcess, side: str, endpoint_id: str) -> None:
    async def some() -> None:
        assert await _samples(streams, process, side, endpoint_id)

    await eventually(some, within=20)


@pytest.mark.parametrize("side", ["input", "output"])
async def test_samples_are_kept_and_the_agent_is_asked_live(
    streams: StreamsUnderTest, agent: tuple[int, AgentProcess], side: str
) -> None:
    organisation_id, process = agent
    admin, monitor = member_of(organisation_id), member_of(organisation_id, "monitor")
    await _create(streams, admin, process, side, "cam-1")
    await _sampled(streams, process, side, "cam-1")
    [first, *_] = await _samples(streams, process, side, "cam-1")
    expected = media.bitrate_kbps(side, "cam-1", first["sampled_at"].timestamp())
    assert first["bitrate_kbps"] == expected  # the simulation is a function of the endpoint and the time
    body = (await streams.call(monitor, "GET", f"{_base(process, side, 'cam-1')}/statistics")).ok()
    settings = streams.runtime.settings
    assert isinstance(settings, StreamsSettings)
    assert body["stale"] is False and body["age_seconds"] < settings.statistics_query_seconds + 1
    statistics = body["statistics"]
    assert statistics["is_connected"] is True
    assert statistics["net_recv.bitrate"] == media.bitrate_kbps(
        side, "cam-1", datetime.fromisoformat(body["sampled_at"]).timestamp()
    )
    assert set(statistics) == {"net_recv.bitrate", "net_recv.jitter", "net_recv.loss_millipercent", "net_send.rtt",
                               "arq_recv.dropped", "is_connected", "packets", "uptime"}  # fmt: skip


@pytest.mark.parametrize("side", ["input", "output"])
async def test_a_silent_agent_gives_the_last_sample_stale_with_its_age(
    streams: StreamsUnderTest, agent: tuple[int, AgentProcess], side: str
) -> None:
    organisation_id, process = agent
    admin = member_of(organisation_id)
    await _create(streams, admin, process, side, "cam-2")
    await _sampled(streams, process, side, "cam-2")
    process.stop()
    await asyncio.sleep(1)  # what the agent sent before it stopped is consumed
    last = (await _samples(streams, process, side, "cam-2"))[-1]
    body = (await streams.call(admin, "GET", f"{_base(process, side, 'cam-2')}/statistics")).ok()
    assert body["stale"] is True
    assert datetime.fromisoformat(body["sampled_at"]) == last["sampled_at"]
    assert body["age_seconds"] >= 2  # at least the time the live question waited
    assert body["statistics"]["net_recv.bitrate"] == last["bitrate_kbps"]


@pytest.mark.parametrize("side", ["input", "output"])
async def test_a_reset_zeroes_the_agents_counters(
    streams: StreamsUnderTest, agent: tuple[int, AgentProcess], side: str
) -> None:
    organisation_id, process = agent
    admin = member_of(organisation_id)
    await _create(streams, admin, process, side, "cam-3")

    async def counting_for_a_while() -> float:
        body = (await streams.call(admin, "GET", f"{_base(process, side, 'cam-3')}/statistics")).ok()
        assert not body["stale"] and body["statistics"]["uptime"] >= 3, body
        return float(body["statistics"]["uptime"])

    await eventually(counting_for_a_while, within=20)
    asked = time.monotonic()
    (await streams.call(admin, "POST", f"{_base(process, side, 'cam-3')}/statistics/reset")).ok(202)

    async def counting_again() -> None:
        body = (await streams.call(admin, "GET", f"{_base(process, side, 'cam-3')}/statistics")).ok()
        # before the reset the uptime is at least 3 s more than the time since it was asked; after, no more
        assert not body["stale"] and body["statistics"]["uptime"] <= time.monotonic() - asked + 1, body

    await eventually(counting_again, within=20)


async def test_a_reset_on_an_environment_not_running_is_409_naming_its_state(
    streams: StreamsUnderTest, agent: tuple[int, AgentProcess]
) -> None:
    organisation_id, process = agent
    admin = member_of(organisation_id)
    for side in ("input", "output"):
        await _create(streams, admin, process, side, "cam-6")
    await streams.environment_became(organisation_id, process.environment_id, "stopped")
    for side in ("input", "output"):
        reply = await streams.call(admin, "POST", f"{_base(process, side, 'cam-6')}/statistics/reset")
        assert reply.status == 409 and "stopped" in str(reply.body), reply.body


async def test_another_tenant_and_a_deleted_endpoint_get_404(
    streams: StreamsUnderTest, agent: tuple[int, AgentProcess]
) -> None:
    organisation_id, process = agent
    admin, stranger = member_of(organisation_id), member_of(new_organisation())
    await _create(streams, admin, process, "input", "cam-4")
    path = f"{_base(process, 'input', 'cam-4')}/statistics"
    assert (await streams.call(stranger, "GET", path)).status == 404
    assert (await streams.call(stranger, "POST", f"{path}/reset")).status == 404
    await streams.call(admin, "DELETE", _base(process, "input", "cam-4"))
    assert (await streams.call(admin, "GET", path)).status == 404


async def test_samples_older_than_the_retention_are_pruned(streams: StreamsUnderTest) -> None:
    settings, pool, environment_id = streams.runtime.settings, streams.runtime.pool, uuid.uuid4()
    assert isinstance(settings, StreamsSettings)
    now = datetime.now(UTC)
    kept_for = timedelta(hours=settings.statistics_retention_hours)
    moments = [now - kept_for - timedelta(minutes=5), now - kept_for - timedelta(seconds=1), now - timedelta(hours=1)]
    for moment in moments:
        await pool.execute(
            f"""INSERT INTO {SCHEMA}.statistics_samples VALUES ($1, 'input', 'old', $2, 1, 1, 1, 1, 1, 1, 1, true)""",
            environment_id, moment,
        )  # fmt: skip
    await prune_statistics_once(streams.runtime, settings)
    left = await pool.fetch(f"SELECT sampled_at FROM {SCHEMA}.statistics_samples WHERE environment_id = $1",
                            environment_id)  # fmt: skip
    assert [row["sampled_at"] for row in left] == [moments[2]]


async def _members(alerts_: AlertsUnderTest, organisation_id: int, count: int) -> list[Principal]:
    members = [member_of(organisation_id, "monitor") for _ in range(count)]
    for member in members:
        assert member.user_id is not None
        await alerts_.publish(UserJoinedOrganisation(organisation_id=organisation_id, user_id=member.user_id,
                                                     permission_type="monitor"))  # fmt: skip

    async def known() -> None:
        sql = "SELECT count(*) FROM alerts.members WHERE organisation_id = $1"
        assert await alerts_.runtime.pool.fetchval(sql, organisation_id) == count

    await eventually(known, within=15)
    return members


async def _input(streams: StreamsUnderTest, organisation_id: int, process: AgentProcess, input_id: str) -> Any:
    path = f"{_base(process, 'input')}?id={input_id}"
    [found] = (await streams.call(member_of(organisation_id), "GET", path)).ok()["objects"]
    return found


@pytest.mark.parametrize("case", ["over", "near"])
async def test_the_bitrate_guard_marks_the_input_and_notifies_every_user(
    streams: StreamsUnderTest, alerts: AlertsUnderTest, agent: tuple[int, AgentProcess], case: str,  # noqa: F811
) -> None:  # fmt: skip
    organisation_id, process = agent
    members = await _members(alerts, organisation_id, 2)
    base = media.base_kbps("input", "hot")
    # the simulated bitrate stays within ±4 % of its base: half of it is always over; 106 % of it always near
    limit = base // 2 if case == "over" else math.ceil(base * 1.06)
    await _create(streams, member_of(organisation_id), process, "input", "hot", max_allowed_bitrate_kbps=limit)
    expected = {"input_stopped": case == "over", "warning_sent": case == "near"}

    async def marked() -> None:
        found = await _input(streams, organisation_id, process, "hot")
        assert {flag: found[flag] for flag in expected} == expected

    await eventually(marked, within=20)
    category = "input_stopped" if case == "over" else "input_running_hot"

    async def everyone_told() -> None:
        for member in members:
            mine = (await alerts.call(member, "GET", "/api/notifications")).ok()["objects"]
            assert [n["category"] for n in mine] == [category], mine

    await eventually(everyone_told, within=20)
    if case == "over":  # the stopped input reports as such
        body = (await streams.call(members[0], "GET", f"{_base(process, 'input', 'hot')}/statistics")).ok()
        assert body["statistics"]["is_connected"] is False and body["statistics"]["net_recv.bitrate"] == 0


async def test_an_input_the_guard_stopped_stays_stopped_through_its_next_configuration_until_started(
    streams: StreamsUnderTest, agent: tuple[int, AgentProcess]
) -> None:
    organisation_id, process = agent
    admin, path = member_of(organisation_id), _base(process, "input", "hot")
    limit = media.base_kbps("input", "hot") // 2  # always over (see above)
    await _create(streams, admin, process, "input", "hot", max_allowed_bitrate_kbps=limit)

    async def stopped_at(version: int) -> None:
        found = await _input(streams, organisation_id, process, "hot")
        assert (found["input_stopped"], found["agent_version"], found["state"]) == (True, version, "stopped")
        running = await streams.runtime.pool.fetchval(
            f"SELECT agent_running FROM {SCHEMA}.inputs WHERE organisation_id = $1 AND id = 'hot'", organisation_id
        )
        assert running is False, "the agent's answer says the input runs"
        assert process.held()["hot"]["version"] == version and process.held()["hot"]["running"] is False

    await eventually(_marked_stopped(streams, organisation_id, process), within=20)
    changed = await streams.call(admin, "PATCH", f"{_base(process, 'input')}/{LISTENER}/hot",
                                 {"user_description": "renamed"})  # fmt: skip
    version = changed.ok()["config_version"]
    await eventually(lambda: stopped_at(version), within=20)
    started = (await streams.call(admin, "POST", f"{path}/start")).ok(202)
    assert started["input_stopped"] is False

    async def runs_again() -> None:
        assert process.held()["hot"]["version"] == started["config_version"]
        assert process.held()["hot"]["running"] is True

    await eventually(runs_again, within=20)


def _marked_stopped(streams: StreamsUnderTest, organisation_id: int, process: AgentProcess) -> Any:
    async def marked() -> None:
        assert (await _input(streams, organisation_id, process, "hot"))["input_stopped"] is True

    return marked


async def test_an_agent_marks_only_inputs_of_its_own_environment_over_http(
    streams: StreamsUnderTest, agent: tuple[int, AgentProcess]
) -> None:
    organisation_id, process = agent
    await _create(streams, member_of(organisation_id), process, "input", "cam-5")
    own = Principal(kind="agent", environment_id=uuid.UUID(process.environment_id),
                    active_organisation_id=organisation_id)  # fmt: skip
    other = Principal(kind="agent", environment_id=uuid.uuid4(), active_organisation_id=organisation_id)
    path = _base(process, "input", "cam-5")
    assert (await streams.call(other, "POST", f"{path}/running_hot", {})).status == 404
    warned = (await streams.call(own, "POST", f"{path}/running_hot", {"bitrate_kbps": 900})).ok()
    assert (warned["warning_sent"], warned["input_stopped"]) == (True, False)
    stopped = (await streams.call(own, "POST", f"{path}/mark_stopped", {"bitrate_kbps": 1200})).ok()
    assert (stopped["warning_sent"], stopped["input_stopped"]) == (True, True)
    again = (await streams.call(own, "POST", f"{path}/mark_stopped", {})).ok()
    assert again == stopped
    events = await streams.runtime.pool.fetchval(
        f"SELECT count(*) FROM {SCHEMA}.events WHERE stream_id = $1 AND type = 'InputMarkedStopped'",
        f"input-{organisation_id}-cam-5",
    )  # fmt: skip
    assert events == 1  # said once
    assert (await streams.call(own, "POST", f"{_base(process, 'input', 'nope')}/mark_stopped", {})).status == 404
    bad = await streams.call(own, "POST", f"{path}/mark_stopped", {"bitrate_kbps": -1})
    assert bad.status == 400 and "bitrate_kbps" in str(bad.body)
    drift = await drift_at_rest(streams.runtime.pool, "streams", "streams_rebuild", list(PROJECTIONS))
    assert set(drift.values()) == {0}, drift  # the marks rebuild from the events


def _dropped(reason: str) -> float:
    labels = {"service": "streams", "queue": "streams.agent-statistics", "reason": reason}
    return REGISTRY.get_sample_value("switchyard_messages_dropped_total", labels) or 0.0


async def test_a_flood_of_statistics_reports_is_dropped_before_it_is_stored(
    streams: StreamsUnderTest, management_url: str, amqp_url: str, internal_key: str
) -> None:
    organisation_id = new_organisation()
    environment_id = await streams.environment(organisation_id)
    inputs = f"/api/customer_environment/{environment_id}/inputs"
    (await streams.call(member_of(organisation_id), "POST", f"{inputs}/{LISTENER}", {"id": "cam"})).ok(201)
    broker = AgentBroker(management_url, amqp_url, None, 5, internal_key.encode())
    account = await broker.grant(streams.runtime.connection, uuid.UUID(environment_id))
    url, start = account.amqp_url.get_secret_value(), datetime.now(UTC)
    sample = media.sample("input", "cam", start.timestamp(), start.timestamp() - 60, running=True)
    reports = [
        StatisticsReported(environment_id=uuid.UUID(environment_id), sampled_at=start + timedelta(seconds=n),
                           inputs={"cam": sample})
        for n in range(200)
    ]  # fmt: skip
    before, started = _dropped("throttled"), time.monotonic()
    try:
        async with await aio_pika.connect(url) as connection:
            channel = await connection.channel(publisher_confirms=True)
            exchange = await channel.get_exchange(CENV_EVENTS, ensure=False)
            bodies = [envelope_for(r, producer="cenv_agent", correlation_id="flood").to_bytes() for r in reports]
            await asyncio.gather(*(
                exchange.publish(aio_pika.Message(b, user_id=URL(url).user), f"{environment_id}.{reports[0].TYPE}")
                for b in bodies
            ))  # fmt: skip
        seconds = time.monotonic() - started
        settings = streams.runtime.settings
        assert isinstance(settings, StreamsSettings)
        admitted = settings.agent_statistics_burst + settings.agent_statistics_per_second * (seconds + 1)

        async def dropped_and_bounded() -> None:
            assert _dropped("throttled") - before >= 200 - admitted
            stored = await streams.runtime.pool.fetchval(
                f"SELECT count(*) FROM {SCHEMA}.statistics_samples WHERE environment_id = $1",
                uuid.UUID(environment_id),
            )  # fmt: skip
            assert 0 < stored <= admitted

        await eventually(dropped_and_bounded, within=20)
    finally:
        await broker.revoke(streams.runtime.connection, uuid.UUID(environment_id))


async def test_a_guest_resets_the_statistics_of_the_output_it_took_and_only_it(streams: StreamsUnderTest) -> None:
    owner, guest = new_organisation(), new_organisation()
    environment_id = await streams.environment(owner)
    await Invitation(streams, owner, guest).made()
    outputs = f"/api/customer_environment/{environment_id}/outputs"
    body = {"id": "taken", "host": "h", "port": 9000}
    (await streams.call(member_of(guest), "POST", f"{outputs}/srt_caller", body)).ok(201)
    assert (await streams.call(member_of(owner), "POST", f"{outputs}/taken/statistics/reset")).status == 404
    assert (await streams.call(member_of(guest), "POST", f"{outputs}/taken/statistics/reset")).status == 202
    resets = await streams.runtime.pool.fetchval(
        f"SELECT count(*) FROM {SCHEMA}.events WHERE stream_id = $1 AND type = 'OutputStatisticsReset'",
        f"output-{guest}-taken",
    )  # fmt: skip
    assert resets == 1


@pytest.mark.parametrize("side", ["input", "output"])
async def test_the_status_collection_shows_each_live_endpoint_with_its_newest_sample(
    streams: StreamsUnderTest, agent: tuple[int, AgentProcess], side: str
) -> None:
    organisation_id, process = agent
    admin, monitor = member_of(organisation_id), member_of(organisation_id, "monitor")
    for endpoint_id in ("cam-1", "cam-2"):
        await _create(streams, admin, process, side, endpoint_id)
        await _sampled(streams, process, side, endpoint_id)
    (await streams.call(admin, "DELETE", _base(process, side, "cam-2"))).ok(204)
    collection = f"/api/status/{side}/"

    async def newest() -> None:
        [status] = (await streams.call(monitor, "GET", f"{collection}?connected=true")).ok()["objects"]
        [*_, last] = await _samples(streams, process, side, "cam-1")
        assert (status["id"], status["kind"], status["enabled"]) == ("cam-1", LISTENER, True)
        assert (status["bitrate_kbps"], status["connected"]) == (last["bitrate_kbps"], True)
        assert datetime.fromisoformat(status["sampled_at"]) == last["sampled_at"]

    await eventually(newest, within=10)
    stranger = member_of(new_organisation(), "monitor")
    assert (await streams.call(stranger, "GET", collection)).ok()["objects"] == []
    schema = (await streams.call(monitor, "GET", f"{collection}schema/")).ok()
    assert {"connected", "bitrate_kbps", "sampled_at"} <= set(schema["fields"])
