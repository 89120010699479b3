"""Evaluating alerts as pure functions: the window's average, the operators, and the episode over any run of
checks (properties, hypothesis): raised once per episode, cleared with the same raise id, said again no sooner than
alert_repeat, not before alert_after; and the same from a refolded stream as from the state kept (a restart)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from functools import reduce

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alerts.domain import alerts, evaluation
from alerts.domain import events as e
from alerts.domain.rules import Rule, check
from common.errors import Invalid

T0 = datetime(2026, 1, 1, tzinfo=UTC)
ALERT_ID, ENV, METHOD = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def rule(param: str = "lt", values: tuple[float, ...] = (1000.0,), after: str | None = None,
         repeat: str = "5m") -> Rule:  # fmt: skip
    return Rule("net_recv.bitrate", param, values, "1m", "10s", after, repeat)


def created(r: Rule) -> list[e.DomainEvent]:
    return alerts.create(alerts.Alert(), ALERT_ID, 1, 2, ENV, "input", "cam", "low bitrate", r, METHOD)


def alert(r: Rule) -> alerts.Alert:
    return alerts.fold(created(r))


def bitrate(at: datetime, kbps: float) -> evaluation.Sample:
    return at, {"bitrate_kbps": kbps}


@given(st.lists(st.tuples(st.integers(-120, 120), st.floats(0, 1e6)), max_size=30))
def test_the_average_is_of_the_window_only_and_none_without_samples(points: list[tuple[int, float]]) -> None:
    now = T0
    samples = [bitrate(now + timedelta(seconds=s), v) for s, v in points]
    inside = [v for s, v in points if -60 < s <= 0]
    value = evaluation.average(samples, "net_recv.bitrate", now, 60)
    if not inside:
        assert value is None
    else:
        assert value is not None and min(inside) - 1e-6 <= value <= max(inside) + 1e-6


@given(st.floats(-1e6, 1e6), st.floats(0, 1e5), st.floats(1, 1e5))
def test_within_and_outside_a_range_are_each_others_opposite(value: float, low: float, width: float) -> None:
    within = evaluation.holds(rule("within_range", (low, low + width)), value)
    outside = evaluation.holds(rule("outside_range", (low, low + width)), value)
    assert within is not None and within is not outside


def test_no_value_holds_only_without_a_value_and_the_others_cannot_tell_without_one() -> None:
    assert evaluation.holds(rule("no_value", ()), None) is True
    assert evaluation.holds(rule("no_value", ()), 0.0) is False
    assert evaluation.holds(rule("gt", (5,)), None) is None
    assert (evaluation.holds(rule("gt", (5,)), 6), evaluation.holds(rule("lt", (5,)), 6)) == (True, False)


@pytest.mark.parametrize(
    ("changed", "field"),
    [({"query_value": ()}, "query_value"), ({"query_param": "within_range"}, "query_value"),
     ({"query_param": "within_range", "query_value": (5.0, 1.0)}, "query_value"),
     ({"alert_on_query": "net_recv.loss_millipercent", "query_value": (100_001.0,)}, "query_value"),
     ({"alert_check_frequency": "5s"}, "alert_check_frequency"), ({"alert_check_frequency": "1x"},
                                                                   "alert_check_frequency"),
     ({"alert_after": "h"}, "alert_after")],
)  # fmt: skip
def test_a_rule_that_does_not_fit_together_names_its_field(changed: dict[str, object], field: str) -> None:
    r = rule()
    with pytest.raises(Invalid) as raised:
        check(Rule(**{**r.__dict__, **changed}))  # type: ignore[arg-type]
    assert raised.value.field == field


def test_durations_as_the_seed_writes_them() -> None:
    assert check(Rule("is_connected", "lt", (1,), "10s", "1h30m", "15s", "7m30m")).repeat_seconds == 7 * 3600 + 1800
    assert rule(after="5m").after_seconds == 300 and rule().check_seconds == 10


checks = st.lists(st.tuples(st.integers(1, 400), st.one_of(st.none(), st.sampled_from([0.0, 500.0, 5000.0]))),
                  min_size=1, max_size=40)  # fmt: skip


def _run(r: Rule, steps: list[tuple[int, float | None]], refold: bool) -> list[e.DomainEvent]:
    """Every check in turn; with ``refold`` the state is folded again from the whole log before each (a restart)."""
    state, log, now = alert(r), created(r), T0
    for n, (gap, value) in enumerate(steps):
        now += timedelta(seconds=gap)
        if refold:
            state = alerts.fold(log)
        decided = evaluation.step(state, now, value, uuid.UUID(int=n + 1))
        log += decided
        state = reduce(alerts.evolve, decided, state)
    return log[1:]


@given(checks, st.sampled_from([None, "30s", "2m"]), st.sampled_from(["5m", "10m"]))
def test_an_episode_is_raised_once_repeated_no_sooner_than_asked_and_cleared_with_its_id(
    steps: list[tuple[int, float | None]], after: str | None, repeat: str
) -> None:
    r = rule(after=after, repeat=repeat)
    log = _run(r, steps, refold=False)
    ongoing: e.AlertRaised | None = None
    breached_at: datetime | None = None
    for event in log:
        match event:
            case e.AlertBreached():
                breached_at = event.at
            case e.AlertRaised(repeat=0):
                assert ongoing is None, "a second first raise within one episode"
                assert breached_at is not None and event.at - breached_at >= timedelta(seconds=r.after_seconds)
                assert event.value is not None and event.value < 1000
                ongoing = event
            case e.AlertRaised():
                assert ongoing is not None and event.raise_id == ongoing.raise_id
                assert event.at - ongoing.at >= timedelta(seconds=r.repeat_seconds)
                ongoing = event
            case e.AlertCleared():
                assert ongoing is not None and event.raise_id == ongoing.raise_id
                ongoing, breached_at = None, None
            case e.AlertBreachEnded():
                assert ongoing is None
                breached_at = None
    assert alerts.fold([*created(r), *log]).episode.raised is (ongoing is not None)


@given(checks)
def test_a_restart_before_any_check_decides_the_same(steps: list[tuple[int, float | None]]) -> None:
    r = rule(after="30s")
    assert _run(r, steps, refold=True) == _run(r, steps, refold=False)


def test_a_paused_alert_is_not_evaluated_and_an_ongoing_episode_clears_when_it_is_paused() -> None:
    state = alert(rule())
    raised = evaluation.step(state, T0, 10.0, uuid.uuid4())
    assert [type(x) for x in raised] == [e.AlertBreached, e.AlertRaised]
    state = reduce(alerts.evolve, raised, state)
    stopped = [*evaluation.stopped(state, T0), *alerts.activate(state, None, False)]
    assert [type(x) for x in stopped] == [e.AlertCleared, e.AlertDeactivated]
    assert isinstance(stopped[0], e.AlertCleared) and stopped[0].raise_id == raised[1].raise_id  # type: ignore[union-attr]
    assert evaluation.step(reduce(alerts.evolve, stopped, state), T0, 10.0, uuid.uuid4()) == []


def test_a_muted_alert_is_evaluated_and_says_it_is_muted() -> None:
    state = alert(rule())
    state = reduce(alerts.evolve, alerts.mute(state, 1, T0 + timedelta(hours=1)), state)
    raised = evaluation.step(state, T0, 10.0, uuid.uuid4())
    assert isinstance(raised[-1], e.AlertRaised) and raised[-1].muted
    later = evaluation.step(reduce(alerts.evolve, raised, state), T0 + timedelta(hours=2), 5000.0, uuid.uuid4())
    assert isinstance(later[-1], e.AlertCleared) and not later[-1].muted
