"""Output sessions on the agent: each period an output was fed is announced as it starts and reported once as it
stops, with why it stopped and the growth of the endpoints' counters over it (the history API, P09)."""

from __future__ import annotations

import uuid
from pathlib import Path

from cenv_agent import media
from cenv_agent.contract.schedules import Feeding, OutputSessionEnded, OutputSessionStarted
from cenv_agent.drivers.simulated import SIMULATED
from cenv_agent.schedules import Schedules
from cenv_agent.sessions import Sessions, session_id
from cenv_agent.state import AgentState
from tests.unit.cenv_agent.test_schedules import ENV, at, entry, pushed

BOOT = uuid.UUID(int=9)


def test_each_session_is_reported_as_it_stops_with_why_and_its_counters(tmp_path: Path) -> None:
    schedules, state = Schedules(tmp_path, ENV), AgentState()
    sessions = Sessions(ENV, BOOT, state, SIMULATED)
    state.counting_since = {"input:in-1": at(-60).timestamp(), "output:out-a": at(-60).timestamp()}
    schedules.apply(pushed(1, entry(1, "out-a", 0, 10), entry(2, "out-b", 0, 30), entry(3, "out-c", 0, 30)))
    for minute, running in ((0, True), (5, True)):
        sessions.follow(schedules.live, schedules.tick(running, at(minute)), at(minute))
    started = {s.output_id: s for s in sessions.unreported if isinstance(s, OutputSessionStarted)}
    assert len(started) == len(sessions.unreported) == 3 and started["out-a"].boot_id == BOOT
    schedules.apply(pushed(2, entry(1, "out-a", 0, 10), entry(3, "out-c", 0, 30)))  # out-b's entry withdrawn
    sessions.follow(schedules.live, schedules.tick(True, at(10)), at(10))
    sessions.follow(schedules.live, schedules.tick(False, at(12)), at(12))
    assert sessions.unreported[:3] == list(started.values()), "each start is told before any end"
    ends = [s for s in sessions.unreported if isinstance(s, OutputSessionEnded)]
    assert {s.session_id for s in ends} == {s.session_id for s in started.values()}
    reasons = {s.output_id: s.reason for s in ends}
    assert reasons == {"out-a": "ended", "out-b": "withdrawn", "out-c": "media_stopped"}
    ended = next(s for s in ends if s.output_id == "out-a")
    assert (ended.start_time, ended.end_time, ended.input_id) == (at(0), at(10), "in-1")
    [stream] = ended.media_streams
    whole = media.sample("output", "out-a", at(10).timestamp(), at(-60).timestamp(), True).packets
    before = media.sample("output", "out-a", at(0).timestamp(), at(-60).timestamp(), True).packets
    assert stream.tx_packets == whole - before > 0  # the session's packets, not the counters' since their start
    assert stream.tx_bitrate_kbps > 0 and 0 <= stream.tx_packet_loss <= 100
    feeding = Feeding(schedule_id=ended.schedule_id, input_id=ended.input_id, since=ended.start_time)
    assert ended.session_id == session_id(ENV, "out-a", feeding)
    assert len({s.session_id for s in ends}) == 3


def test_a_session_id_is_fixed_by_its_environment_output_schedule_and_start() -> None:
    feeding = Feeding(schedule_id=uuid.UUID(int=1), input_id="in", since=at(0))
    assert session_id(ENV, "out", feeding) == session_id(ENV, "out", feeding)
    assert session_id(ENV, "out", feeding) != session_id(ENV, "out", feeding.model_copy(update={"since": at(1)}))
