"""Output sessions whose agent died before reporting them (decision 88), on Postgres and RabbitMQ: the agent announces
each session as it starts; the scheduler ends those still open when the agent reports again under another boot
(``disconnected``) or the environment stops (``environment_stopped``), and the agent's own report, should it come
after all, replaces that row. Each session is reported exactly once, whatever the order, re-sends and redeliveries;
with a real agent process killed mid-session and started again."""

from __future__ import annotations

import signal
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aio_pika
import asyncpg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yarl import URL

from cenv_agent.contract.schedules import OutputSessionEnded, OutputSessionStarted, ScheduleSetReported, SessionStream
from common.bus.topology import CENV_EVENTS, route
from common.contracts import AgentEvent, envelope_for
from scheduler.adapters import sessions
from scheduler.config import SCHEMA
from tests.integration.scheduler.conftest import SchedulerUnderTest, at
from tests.integration.scheduler.test_output_sessions import SESSIONS, STAFF, Studio, listed, soon, studio
from tests.integration.streams.test_agent_holds_endpoints import AgentProcess
from tests.support.waiting import eventually

__all__ = ["studio"]  # the fixture, shared with the other session tests
BOOTS = [uuid.UUID(int=b) for b in (1, 2, 3)]
T0 = datetime(2026, 12, 2, 12, tzinfo=UTC)


@dataclass(frozen=True)
class Session:
    session_id: uuid.UUID
    output_id: str


def started(studio: Studio, schedule_id: str, session: Session, boot: uuid.UUID, start: datetime) -> Any:
    return OutputSessionStarted(environment_id=studio.environment_id, session_id=session.session_id, boot_id=boot,
                                schedule_id=uuid.UUID(schedule_id), input_id="in-0", output_id=session.output_id,
                                start_time=start)  # fmt: skip


def ended(studio: Studio, schedule_id: str, session: Session, start: datetime, end: datetime) -> Any:
    stream = SessionStream(start_time=start, end_time=end, rx_bitrate_kbps=4000, rx_packets=100, rx_packet_loss=0,
                           rx_jitter_ms=1, tx_bitrate_kbps=4000, tx_packets=99, tx_packet_loss=0, tx_rtt_ms=20,
                           tx_dropped=0)  # fmt: skip
    return OutputSessionEnded(environment_id=studio.environment_id, session_id=session.session_id,
                              schedule_id=uuid.UUID(schedule_id), input_id="in-0", output_id=session.output_id,
                              start_time=start, end_time=end, reason="media_stopped",
                              media_streams=[stream])  # fmt: skip


# what can happen to three sessions: a start by one of the boots (a re-send is the same), the agent's end, a report
# under a boot (the agent (re)connected), the environment stopped
STEPS = st.one_of(
    st.tuples(st.just("start"), st.integers(0, 2), st.sampled_from(BOOTS)),
    st.tuples(st.just("end"), st.integers(0, 2), st.none()),
    st.tuples(st.just("report"), st.none(), st.sampled_from(BOOTS)),
    st.tuples(st.just("stop"), st.none(), st.none()),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEPS, max_size=12))
async def test_each_session_is_recorded_once_and_the_agents_own_report_wins(
    scheduler: SchedulerUnderTest, studio: Studio, steps: list[tuple[str, int | None, uuid.UUID | None]]
) -> None:
    """Applied in any order, as a model says: a start opens a session not seen yet (of its boot); the agent's end
    records it as the agent said; a report under another boot, or a stop, ends the sessions open before it."""
    schedule = await _a_schedule(scheduler, studio)
    three = [Session(uuid.uuid4(), f"out-{n}") for n in range(3)]
    model: dict[int, str] = {}  # session -> open | agent | scheduler
    boots: dict[int, uuid.UUID | None] = {}
    async with scheduler.runtime.pool.acquire() as conn:
        transaction = conn.transaction()
        await transaction.start()
        try:
            for kind, n, boot in steps:
                await _apply(conn, studio, schedule, three, kind, n, boot)
                _model(model, boots, kind, n, boot)
            assert await _recorded(conn, three) == model
        finally:
            await transaction.rollback()


async def _a_schedule(scheduler: SchedulerUnderTest, studio: Studio) -> str:
    sql = f"SELECT id FROM {SCHEMA}.schedules WHERE environment_id = $1 ORDER BY id LIMIT 1"
    found = await scheduler.runtime.pool.fetchval(sql, studio.environment_id)
    if found is None:
        body = {"input_id": "in-0", "output_id": "out-0", "start_time": at(100), "end_time": at(200)}
        return str((await scheduler.schedule(studio.admin, body))["id"])
    return str(found)


async def _apply(conn: asyncpg.Connection, studio: Studio, schedule: str, three: list[Session], kind: str,
                 n: int | None, boot: uuid.UUID | None) -> None:  # fmt: skip
    start, later = T0 + timedelta(minutes=n or 0), T0 + timedelta(hours=1)
    match kind:
        case "start":
            assert n is not None and boot is not None
            await sessions.opened(conn, SCHEMA, started(studio, schedule, three[n], boot, start))
        case "end":
            assert n is not None
            await sessions.record(conn, SCHEMA, ended(studio, schedule, three[n], start, later), keep=100)
        case "report":
            await sessions.end_open(conn, SCHEMA, studio.environment_id, later, "disconnected", 100, boot)
        case "stop":
            await sessions.end_open(conn, SCHEMA, studio.environment_id, later, "environment_stopped", 100)


def _model(model: dict[int, str], boots: dict[int, uuid.UUID | None], kind: str, n: int | None,
           boot: uuid.UUID | None) -> None:  # fmt: skip
    match kind:
        case "start" if n is not None and n not in model:
            model[n], boots[n] = "open", boot
        case "end" if n is not None:
            model[n] = "agent"
        case "report" | "stop":
            for m, state in list(model.items()):
                if state == "open" and (kind == "stop" or boots[m] != boot):
                    model[m] = "scheduler"


async def _recorded(conn: asyncpg.Connection, three: list[Session]) -> dict[int, str]:
    ids = [s.session_id for s in three]
    rows = await conn.fetch(
        f"""SELECT id, 'open' AS state FROM {SCHEMA}.open_output_sessions WHERE id = ANY($1::uuid[])
            UNION ALL
            SELECT id, CASE WHEN ended_by_scheduler THEN 'scheduler' ELSE 'agent' END
            FROM {SCHEMA}.output_sessions WHERE id = ANY($1::uuid[])""",
        ids,
    )  # fmt: skip
    assert len({row["id"] for row in rows}) == len(rows), "a session both open and recorded, or recorded twice"
    return {ids.index(row["id"]): row["state"] for row in rows}


async def as_agent(studio: Studio, *sent: AgentEvent | bytes) -> list[uuid.UUID]:
    """Published with the agent's own login, as its reports are; bytes go as they are (a message delivered again).
    Returns the message ids of those made here."""
    ids = []
    async with await aio_pika.connect(studio.agent_url) as connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(CENV_EVENTS, ensure=False)
        for message in sent:
            if isinstance(message, bytes):
                body, key = message, f"{studio.environment_id}.{OutputSessionStarted.TYPE}"
            else:
                envelope = envelope_for(message, producer="cenv_agent", correlation_id="lost-agents")
                body, key = envelope.to_bytes(), route(message)[1]
                ids.append(envelope.message_id)
            await exchange.publish(aio_pika.Message(body, user_id=URL(studio.agent_url).user), key)
    return ids


async def processed(scheduler: SchedulerUnderTest, message_id: uuid.UUID) -> None:
    async def seen() -> None:
        sql = f"SELECT count(*) FROM {SCHEMA}.inbox WHERE message_id = $1"
        assert await scheduler.runtime.pool.fetchval(sql, message_id) == 1

    await eventually(seen, within=20)


async def test_a_stop_ends_the_open_sessions_and_the_agents_late_report_replaces_that_row(
    scheduler: SchedulerUnderTest, studio: Studio
) -> None:
    admin, organisation = studio.admin, studio.admin.managing_organisation_id or 0
    schedule = await scheduler.schedule(admin, {"input_id": "in-0", "output_id": "out-0", "start_time": at(10),
                                                "end_time": at(30)})  # fmt: skip
    session, start = Session(uuid.uuid4(), "out-0"), datetime.now(UTC) - timedelta(minutes=1)
    announced = started(studio, schedule["id"], session, BOOTS[0], start)
    body = envelope_for(announced, producer="cenv_agent", correlation_id="lost-agents").to_bytes()
    # delivered twice, then sent again as a new message: one session open
    [again] = await as_agent(studio, body, body, announced)
    await processed(scheduler, again)
    assert await listed(scheduler, admin) == []

    await scheduler.environment_became(organisation, studio.environment_id, "stopped")

    async def ended_by_the_scheduler() -> dict[str, Any]:
        [row] = await listed(scheduler, admin)
        assert (row["id"], row["disconnect_reason"], row["media_streams"]) == (
            str(session.session_id),
            "environment_stopped",
            [],
        ), row
        return row

    row = await eventually(ended_by_the_scheduler, within=20)
    assert datetime.fromisoformat(row["start_time"]) == start
    # the agent outlived the stop: its own report comes after and replaces the row; a late start changes nothing
    late = ended(studio, schedule["id"], session, start, datetime.now(UTC))
    [late_id] = await as_agent(studio, late)
    await processed(scheduler, late_id)
    [reopened, reported] = await as_agent(studio, announced, ScheduleSetReported(
        environment_id=studio.environment_id, boot_id=BOOTS[1], version=0))  # fmt: skip
    await processed(scheduler, reopened)
    await processed(scheduler, reported)
    [row] = await listed(scheduler, admin)
    assert (row["id"], row["disconnect_reason"]) == (str(session.session_id), "environment_stopped")
    assert [s["tx_packets"] for s in row["media_streams"]] == [99], "the agent's report, not the scheduler's guess"
    opened = f"SELECT count(*) FROM {SCHEMA}.open_output_sessions WHERE environment_id = $1"
    assert await scheduler.runtime.pool.fetchval(opened, studio.environment_id) == 0


async def test_a_session_running_when_its_agent_is_killed_is_ended_when_the_agent_is_back(
    scheduler: SchedulerUnderTest, studio: Studio, tmp_path: Path
) -> None:
    admin = studio.admin
    agent = AgentProcess(str(studio.environment_id), studio.agent_url, studio.command_queue, tmp_path)
    agent.start()
    try:
        schedule = await scheduler.schedule(admin, {"input_id": "in-0", "output_id": "out-0", "start_time": "NOW",
                                                    "end_time": at(30)})  # fmt: skip
        sql = f"SELECT id FROM {SCHEMA}.open_output_sessions WHERE schedule_id = $1 ORDER BY start_time"

        async def announced(count: int) -> list[uuid.UUID]:
            found = [row["id"] for row in await scheduler.runtime.pool.fetch(sql, uuid.UUID(schedule["id"]))]
            assert len(found) == count, found
            return found

        [first] = await eventually(lambda: announced(1), within=30)
        assert agent.process is not None
        agent.process.send_signal(signal.SIGKILL)  # no report of its session can go now
        agent.process.wait(10)
        agent.start()  # the same disk, another boot

        async def ended_as_disconnected() -> None:
            rows = await listed(scheduler, admin)
            assert [(r["id"], r["disconnect_reason"], r["media_streams"]) for r in rows] == [
                (str(first), "disconnected", [])
            ], rows

        await eventually(ended_as_disconnected, within=30)
        [second] = await eventually(lambda: announced(1), within=30)  # the new boot's session of the same entry
        assert second != first
        moved = await scheduler.call(admin, "PATCH", schedule["resource_uri"], {"end_time": soon(1)})
        assert moved.status == 200, moved.body

        async def both() -> list[dict[str, Any]]:
            rows = await listed(scheduler, admin)
            assert {r["id"]: r["disconnect_reason"] for r in rows} == {str(first): "disconnected",
                                                                       str(second): "ended"}, rows  # fmt: skip
            return rows

        rows = await eventually(both, within=30)
    finally:
        agent.stop()
    reported = next(r for r in rows if r["id"] == str(second))
    assert reported["media_streams"] and reported["media_streams"][0]["tx_packets"] > 0
    assert (await scheduler.call(STAFF, "GET", f"{SESSIONS}?schedule_id={schedule['id']}")).ok()["meta"][
        "total_count"
    ] == 2
