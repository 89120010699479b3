"""Output sessions in the history API (P09) on Postgres and RabbitMQ: a real agent runs the schedules it is pushed
and reports each session as it stops (cenv.OutputSessionEnded); the scheduler records it once, with why it
stopped and its media streams, keeps the newest per organisation, and filters on the streams' fields."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aio_pika
import pytest
from yarl import URL

from cenv_agent.contract.schedules import OutputSessionEnded, SessionStream
from common.bus.topology import CENV_EVENTS
from common.contracts import envelope_for
from common.http.principal import Principal
from environments.adapters.broker import AgentBroker
from scheduler.config import SchedulerSettings
from tests.integration.scheduler.conftest import SchedulerUnderTest, at
from tests.integration.streams.test_agent_holds_endpoints import AgentProcess
from tests.support.service_under_test import member_of, new_organisation
from tests.support.waiting import eventually

SESSIONS = "/api/history/output_sessions"
DISCONNECT = "/api/command/v1/schedule/disconnect"
STAFF = Principal(kind="user", user_id=uuid.uuid4(), is_superuser=True)


@dataclass
class Studio:
    admin: Principal
    environment_id: uuid.UUID
    agent_url: str  # the agent's own broker login: reports are accepted only from it
    command_queue: str


@pytest.fixture
async def studio(
    scheduler: SchedulerUnderTest, management_url: str, amqp_url: str, internal_key: str
) -> AsyncIterator[Studio]:
    """A running environment of a new organisation with in-0 and out-0…out-2, and its agent's broker account."""
    admin = member_of(new_organisation())
    organisation = admin.managing_organisation_id or 0
    environment_id = await scheduler.environment(organisation)
    await scheduler.input(organisation, environment_id, "in-0")
    for n in range(3):
        await scheduler.output(organisation, environment_id, f"out-{n}")
    broker = AgentBroker(management_url, amqp_url, None, 5, internal_key.encode())
    account = await broker.grant(scheduler.runtime.connection, environment_id)
    yield Studio(admin, environment_id, account.amqp_url.get_secret_value(), account.command_queue)
    await broker.revoke(scheduler.runtime.connection, environment_id)


async def listed(scheduler: SchedulerUnderTest, who: Principal, query: str = "") -> list[dict[str, Any]]:
    return list((await scheduler.call(who, "GET", f"{SESSIONS}{query}")).ok()["objects"])


def soon(seconds: float) -> str:
    return (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")


async def test_the_agent_reports_each_session_as_it_stops_and_why(
    scheduler: SchedulerUnderTest, studio: Studio, tmp_path: Path
) -> None:
    agent = AgentProcess(str(studio.environment_id), studio.agent_url, studio.command_queue, tmp_path)
    agent.start()
    try:
        admin = studio.admin
        ending = await scheduler.schedule(admin, {"input_id": "in-0", "output_id": "out-0", "start_time": "NOW",
                                                  "end_time": at(30)})  # fmt: skip
        deleted = await scheduler.schedule(admin, {"input_id": "in-0", "output_id": "out-1", "start_time": "NOW",
                                                   "end_time": at(30)})  # fmt: skip
        cut = await scheduler.schedule(admin, {"input_id": "in-0", "output_id": "out-2", "start_time": "NOW",
                                               "end_time": at(30)})  # fmt: skip

        async def all_running() -> None:
            dump = (await scheduler.call(STAFF, "GET", f"/api/customer_environment/{studio.environment_id}"
                                                       "/schedules/dump")).ok()  # fmt: skip
            assert dump["agent"] and set(dump["agent"]["running"]) == {"out-0", "out-1", "out-2"}, dump

        await eventually(all_running, within=20)
        moved = await scheduler.call(admin, "PATCH", ending["resource_uri"], {"end_time": soon(1)})
        assert moved.status == 200, moved.body
        assert (await scheduler.call(admin, "DELETE", deleted["resource_uri"])).status == 204
        assert (await scheduler.call(admin, "POST", DISCONNECT, {"schedule_id": cut["id"]})).status == 200

        async def all_recorded() -> dict[str, dict[str, Any]]:
            sessions = {s["schedule_id"]: s for s in await listed(scheduler, admin)}
            assert set(sessions) == {ending["id"], deleted["id"], cut["id"]}, sessions
            return sessions

        sessions = await eventually(all_recorded, within=30)
    finally:
        agent.stop()
    reasons = {schedule: s["disconnect_reason"] for schedule, s in sessions.items()}
    assert reasons == {ending["id"]: "ended", deleted["id"]: "deleted", cut["id"]: "disconnected"}
    first = sessions[ending["id"]]
    assert (first["input_id"], first["output_id"], first["environment_id"]) == ("in-0", "out-0",
                                                                                str(studio.environment_id))  # fmt: skip
    assert 0.5 < first["duration_seconds"] < 30
    [stream] = first["media_streams"]
    assert stream["tx_bitrate_kbps"] > 0 and stream["rx_bitrate_kbps"] > 0 and stream["tx_rtt_ms"] > 0
    assert datetime.fromisoformat(stream["start_time"]) == datetime.fromisoformat(first["start_time"])
    assert await listed(scheduler, member_of(new_organisation())) == []


def report(studio: Studio, schedule_id: str, ended: datetime, tx_loss: float) -> OutputSessionEnded:
    start = ended - timedelta(minutes=1)
    stream = SessionStream(start_time=start, end_time=ended, rx_bitrate_kbps=4000, rx_packets=22_000,
                           rx_packet_loss=0.01, rx_jitter_ms=3.5, tx_bitrate_kbps=4000, tx_packets=21_900,
                           tx_packet_loss=tx_loss, tx_rtt_ms=40.0, tx_dropped=3)  # fmt: skip
    return OutputSessionEnded(environment_id=studio.environment_id, session_id=uuid.uuid4(),
                              schedule_id=uuid.UUID(schedule_id), input_id="in-0", output_id="out-0",
                              start_time=start, end_time=ended, reason="ended", media_streams=[stream])  # fmt: skip


async def as_agent(studio: Studio, *reports: OutputSessionEnded | bytes) -> None:
    """Published with the agent's own login, as its reports are; bytes go as they are (a message delivered again)."""
    async with await aio_pika.connect(studio.agent_url) as connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(CENV_EVENTS, ensure=False)
        key = f"{studio.environment_id}.{OutputSessionEnded.TYPE}"
        for sent in reports:
            body = sent if isinstance(sent, bytes) else _envelope(sent)
            await exchange.publish(aio_pika.Message(body, user_id=URL(studio.agent_url).user), key)


def _envelope(message: OutputSessionEnded) -> bytes:
    return envelope_for(message, producer="cenv_agent", correlation_id="sessions").to_bytes()


async def test_sessions_are_recorded_once_filtered_by_their_media_streams_and_the_oldest_evicted(
    scheduler: SchedulerUnderTest, studio: Studio, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = studio.admin
    schedule = await scheduler.schedule(admin, {"input_id": "in-0", "output_id": "out-0", "start_time": at(10),
                                                "end_time": at(30)})  # fmt: skip
    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    reports = [report(studio, schedule["id"], hour_ago + timedelta(minutes=n), tx_loss=n / 10) for n in range(5)]
    first = _envelope(reports[0])
    # the broker delivering one message again, then the agent sending the same session again as a new message
    await as_agent(studio, first, first, reports[0], *reports[1:])

    async def all_recorded() -> None:
        assert [s["id"] for s in await listed(scheduler, admin)] == [str(r.session_id) for r in reversed(reports)]

    await eventually(all_recorded, within=20)
    streams = await scheduler.runtime.pool.fetchval(
        "SELECT count(*) FROM scheduler.session_media_streams WHERE session_id = $1", reports[0].session_id
    )
    assert streams == 1

    async def ids(query: str) -> list[str]:
        return [s["id"] for s in await listed(scheduler, admin, query)]

    lossy = await ids("?media_streams__tx_packet_loss__gte=0.3")
    assert lossy == [str(reports[4].session_id), str(reports[3].session_id)]
    assert await ids("?media_streams__tx_packet_loss__lt=0.1") == [str(reports[0].session_id)]
    since = (hour_ago + timedelta(minutes=3)).isoformat().replace("+", "%2B")
    assert await ids(f"?end_time__gte={since}") == lossy
    assert await ids("?disconnect_reason=deleted") == []
    assert len(await ids("?environment__state=running")) == 5 and await ids("?environment__state=stopped") == []
    [newest] = await listed(scheduler, admin, "?limit=1")
    assert (newest["disconnect_reason"], newest["duration_seconds"]) == ("ended", 60.0)
    assert newest["media_streams"][0]["tx_packet_loss"] == 0.4
    for bad in ("media_streams__colour__gte=1", "media_streams__tx_packet_loss__gte=lots"):
        reply = await scheduler.call(admin, "GET", f"{SESSIONS}?{bad}")
        assert reply.status == 400 and bad.split("=")[0] in str(reply.body), reply.body
    schema = (await scheduler.call(admin, "GET", f"{SESSIONS}/schema/")).ok()
    assert "media_streams__tx_packet_loss" in schema["filtering"]

    settings = scheduler.runtime.settings
    assert isinstance(settings, SchedulerSettings)
    monkeypatch.setattr(settings, "history_keep", 3)
    latest = report(studio, schedule["id"], hour_ago + timedelta(minutes=10), tx_loss=0)
    await as_agent(studio, latest)

    async def evicted() -> None:
        assert await ids("") == [str(latest.session_id), str(reports[4].session_id), str(reports[3].session_id)]

    await eventually(evicted, within=20)
    left = await scheduler.runtime.pool.fetchval(
        "SELECT count(*) FROM scheduler.session_media_streams WHERE session_id = $1", reports[0].session_id
    )
    assert left == 0
