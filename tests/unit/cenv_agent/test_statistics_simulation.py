"""The simulated media plane: deterministic, plausible statistics per endpoint and time; the bitrate guard stops an
input over its maximum and warns once per episode near it; reports fit the protocol's size limit."""

from __future__ import annotations

import json
import math
import uuid
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from cenv_agent import media, statistics
from cenv_agent.contract.messages import MAX_ENDPOINTS_PER_REPORT, InputRunningHot, InputStoppedOverBitrate
from cenv_agent.endpoints import HeldEndpoint
from cenv_agent.state import AgentState
from common.contracts import envelope_for

ENV = uuid.UUID(int=9)
ids = st.from_regex(r"[A-Za-z0-9_.:-]{1,128}", fullmatch=True)
moments = st.floats(min_value=1.6e9, max_value=2.2e9, allow_nan=False)
sides = st.sampled_from(["input", "output"])


@given(sides, ids, moments, st.floats(min_value=0, max_value=86_400 * 30))
def test_samples_are_plausible_and_a_function_of_endpoint_and_time(side: str, endpoint_id: str, now: float,
                                                                   elapsed: float) -> None:  # fmt: skip
    sample = media.sample(side, endpoint_id, now, now - elapsed, running=True)
    assert sample == media.sample(side, endpoint_id, now, now - elapsed, running=True)
    base = media.base_kbps(side, endpoint_id)
    assert 1500 <= base <= 8000
    assert 0.96 * base - 1 <= sample.bitrate_kbps <= 1.04 * base + 1
    assert 0 <= sample.loss_millipercent <= 450 and 0 < sample.jitter_ms <= 24 and 0 < sample.rtt_ms <= 132
    assert sample.dropped <= sample.packets and abs(sample.uptime_seconds - elapsed) <= 1 and sample.connected


@given(sides, ids, moments, st.floats(min_value=1, max_value=3600))
def test_counters_only_grow_until_a_reset(side: str, endpoint_id: str, since: float, later: float) -> None:
    early = media.sample(side, endpoint_id, since + later, since, running=True)
    late = media.sample(side, endpoint_id, since + 2 * later, since, running=True)
    assert late.packets >= early.packets and late.dropped >= early.dropped and late.uptime_seconds > 0


def test_a_stopped_endpoint_reports_nothing_flowing() -> None:
    sample = media.sample("input", "cam", 1.8e9, 1.7e9, running=False)
    assert (sample.bitrate_kbps, sample.packets, sample.connected) == (0, 0, False)


@given(st.integers(0, 10_000), st.integers(1, 10_000), st.booleans(), st.booleans())
def test_the_guard_stops_over_warns_near_once_and_cools_down(bitrate: int, limit: int, stopped: bool,
                                                             hot: bool) -> None:  # fmt: skip
    decision = media.guard(bitrate, limit, stopped, hot)
    if stopped:
        assert decision is None
    elif bitrate > limit:
        assert decision == "stop"
    elif bitrate >= 0.9 * limit:
        assert decision == (None if hot else "warn")
    else:
        assert decision == ("cool" if hot and bitrate < 0.85 * limit else None)


def _holding(limit: int | None, endpoint_id: str = "cam") -> AgentState:
    settings = {} if limit is None else {"max_allowed_bitrate_kbps": limit}
    return AgentState(inputs={endpoint_id: HeldEndpoint(version=1, kind="srt_listener", settings=settings)})


def test_an_input_over_its_maximum_is_stopped_once_and_runs_again_with_a_new_configuration() -> None:
    state, now = _holding(limit=100), 1.8e9
    statistics.count(state, now)
    [stopped] = statistics.guarded(state, ENV, now)
    assert isinstance(stopped, InputStoppedOverBitrate) and stopped.max_allowed_bitrate_kbps == 100
    assert statistics.guarded(state, ENV, now + 1) == []
    assert statistics.one(state, "input", "cam", now + 1).connected is False
    state.inputs["cam"] = HeldEndpoint(version=2, kind="srt_listener", settings={})
    statistics.count(state, now + 2)
    assert state.stopped_inputs == {} and statistics.one(state, "input", "cam", now + 2).connected


def test_an_input_near_its_maximum_is_warned_of_once_per_episode() -> None:
    limit = math.ceil(media.base_kbps("input", "cam") * 1.06)  # always between 90 % and 100 % of it
    state, now = _holding(limit), 1.8e9
    statistics.count(state, now)
    [warned] = statistics.guarded(state, ENV, now)
    assert isinstance(warned, InputRunningHot)
    assert all(statistics.guarded(state, ENV, now + s) == [] for s in range(1, 120))
    state.inputs["cam"] = HeldEndpoint(version=1, kind="srt_listener", settings={"max_allowed_bitrate_kbps": limit * 2})
    assert statistics.guarded(state, ENV, now + 121) == [] and state.hot_inputs == {}  # cooled down: episode over


def test_no_maximum_no_guard() -> None:
    state = _holding(limit=None)
    statistics.count(state, 1.8e9)
    assert statistics.guarded(state, ENV, 1.8e9) == []


def test_a_reset_restarts_the_counters_and_they_survive_on_disk() -> None:
    state = _holding(None)
    statistics.count(state, 1000.0)
    assert statistics.one(state, "input", "cam", 1100.0).uptime_seconds == 100
    statistics.reset(state, "input", "cam", 1090.0)
    assert statistics.one(state, "input", "cam", 1100.0).uptime_seconds == 10
    again = AgentState.model_validate_json(state.model_dump_json())
    assert statistics.one(again, "input", "cam", 1100.0).uptime_seconds == 10


def test_many_endpoints_are_split_into_reports_within_the_size_limit() -> None:
    state = AgentState(
        inputs={f"input-{'x' * 100}-{n}": HeldEndpoint(version=1, kind="rist", settings={}) for n in range(400)},
        outputs={f"output-{n}": HeldEndpoint(version=1, kind="rist", settings={}) for n in range(100)},
    )  # fmt: skip
    statistics.count(state, 1.8e9)
    reports = media.reports(ENV, datetime.now(UTC), statistics.samples(state, 1.8e9))
    assert len(reports) == math.ceil(500 / MAX_ENDPOINTS_PER_REPORT)
    assert sum(len(r.inputs) + len(r.outputs) for r in reports) == 500
    for report in reports:
        size = len(envelope_for(report, producer="cenv_agent", correlation_id="c").to_bytes())
        assert size < 64 * 1024, size
        assert (report.parts, json.loads(report.model_dump_json())["part"]) == (len(reports), report.part)


def test_an_agent_holding_nothing_still_reports() -> None:
    [report] = media.reports(ENV, datetime.now(UTC), {"input": {}, "output": {}})
    assert report.inputs == report.outputs == {}


def test_the_guards_marks_are_said_again_on_reconnect() -> None:
    state, now = _holding(limit=100, endpoint_id="over"), 1.8e9
    state.inputs["near"] = HeldEndpoint(version=1, kind="rist", settings={
        "max_allowed_bitrate_kbps": math.ceil(media.base_kbps("input", "near") * 1.06)})  # fmt: skip
    state.inputs["calm"] = HeldEndpoint(version=1, kind="rist", settings={})
    statistics.count(state, now)
    first = statistics.guarded(state, ENV, now)
    assert {type(m) for m in first} == {InputStoppedOverBitrate, InputRunningHot}
    again = statistics.marks(state, ENV, now + 5)
    assert sorted((type(m).__name__, m.input_id) for m in again) == [  # type: ignore[attr-defined]
        ("InputRunningHot", "near"), ("InputStoppedOverBitrate", "over")]  # fmt: skip
