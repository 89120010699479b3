"""The environment state machine, decided without I/O."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from common.errors import Conflict
from environments.domain import deadlines, decisions
from environments.domain import events as e
from environments.domain.lifecycle import ACTIONS
from tests.unit.environments.history import BOOT, T0, History, pending_id, running_environment


def test_a_new_environment_is_requested_then_provisioning_then_running() -> None:
    history = History()
    history.record(decisions.request(uuid.uuid4(), 7, "studio", "local", "local-1", "standard"))
    assert (history.env.state, history.env.attempt) == ("requested", 1)
    history.do(decisions.provisioning_started, 1)
    assert history.env.state == "provisioning"
    history.do(decisions.provisioned, "1.0.0", uuid.uuid4())
    assert (history.env.state, history.env.agent_version) == ("running", "1.0.0")


@pytest.mark.parametrize(("action", "state"), [("start", "running"), ("stop", "stopped"), ("restart", "stopped")])
def test_illegal_requests_are_conflicts_naming_the_state(action: str, state: str) -> None:
    history = running_environment()
    if state == "stopped":
        history.do(decisions.act, "stop")
        history.do(decisions.completed, pending_id(history), "stopped", "1.0.0", BOOT, 5)
    with pytest.raises(Conflict, match=state):
        decisions.act(history.env, action)  # type: ignore[arg-type]


def test_nothing_may_be_done_to_a_deleted_environment() -> None:
    history = running_environment()
    history.do(decisions.act, "delete")
    history.do(decisions.completed, pending_id(history), "stopped", "1.0.0", BOOT, 5)
    history.do(decisions.decommissioned)
    assert history.env.state == "deleted"
    for action in ACTIONS:
        with pytest.raises(Conflict, match="deleted"):
            decisions.act(history.env, action)  # type: ignore[arg-type]


def test_stop_waits_for_the_agent_and_ignores_other_commands_completions() -> None:
    history = running_environment()
    history.do(decisions.act, "stop")
    assert history.env.state == "stopping"
    assert history.do(decisions.completed, uuid.uuid4(), "stopped", "1.0.0", BOOT, 5) == []
    history.do(decisions.acknowledged, pending_id(history))
    history.do(decisions.completed, pending_id(history), "stopped", "1.0.0", BOOT, 5)
    assert (history.env.state, history.env.pending) == ("stopped", None)


def test_an_unacknowledged_command_is_reissued_then_expires_as_degraded() -> None:
    history = running_environment()
    history.do(decisions.act, "restart")
    command = pending_id(history)
    assert history.do(deadlines.chase_command, history.now + timedelta(seconds=1), 3, 3) == []
    for attempt in (2, 3):
        history.now += timedelta(seconds=4)
        reissued = history.do(deadlines.chase_command, history.now, 3, 3)
        assert isinstance(reissued[0], e.CommandReissued) and reissued[0].attempt == attempt
        assert reissued[0].command_id == command and reissued[0].command == "restart"
    history.now += timedelta(seconds=4)
    expired = history.do(deadlines.chase_command, history.now, 3, 3)
    assert [type(event) for event in expired] == [e.CommandExpired]
    assert (history.env.health, history.env.pending) == ("degraded", None)


def test_a_delete_whose_shutdown_expires_is_decommissioned_anyway() -> None:
    history = running_environment()
    history.do(decisions.act, "delete")
    for _ in range(3):
        history.now += timedelta(seconds=10)
        history.do(deadlines.chase_command, history.now, 3, 3)
    assert isinstance(history.events[-1].event, e.DecommissionRequested)


def test_provisioning_that_times_out_fails_and_can_be_retried() -> None:
    history = History()
    history.record(decisions.request(uuid.uuid4(), 7, "studio", "local", "local-1", "standard"))
    history.do(decisions.provisioning_started, 1)
    history.now += timedelta(seconds=91)
    failed = history.do(deadlines.provisioning_timed_out, history.now, 90)
    assert history.env.state == "failed" and "90" in failed[0].reason
    history.do(decisions.act, "start")
    assert (history.env.state, history.env.attempt) == ("requested", 2)
    assert history.do(decisions.provisioning_started, 1) == [], "a stale attempt changes nothing"
    history.do(decisions.provisioning_started, 2)
    assert history.env.state == "provisioning"


def test_missed_heartbeats_make_it_unreachable_once_and_a_report_recovers_it() -> None:
    history = running_environment()
    history.do(decisions.unreachable, T0)
    assert history.env.health == "unreachable"
    assert history.do(decisions.unreachable, T0) == []
    history.do(decisions.heard_from)
    assert history.env.health == "ok"


def test_an_agent_that_comes_back_running_while_the_environment_is_stopped_is_told_to_stop() -> None:
    history = running_environment()
    history.do(decisions.act, "stop")
    history.do(decisions.completed, pending_id(history), "stopped", "1.0.0", BOOT, 5)
    restarted = uuid.uuid4()
    reconciled = history.do(decisions.reconcile, "running", restarted, 1)
    assert reconciled[0].command == "stop" and reconciled[0].reason == "reconcile"
    assert history.env.state == "stopped"
    assert history.do(decisions.reconcile, "running", restarted, 2) == [], "one command at a time"


def test_a_report_overtaken_by_a_completion_is_ignored() -> None:
    history = running_environment()
    history.do(decisions.act, "stop")
    history.do(decisions.completed, pending_id(history), "stopped", "1.0.0", BOOT, 5)
    assert history.do(decisions.reconcile, "running", BOOT, 4) == [], "sent before the stop completed"
    assert history.do(decisions.reconcile, "running", BOOT, 6)[0].command == "stop"


def test_a_transition_whose_command_expired_settles_when_the_agent_reports_the_wanted_state() -> None:
    history = running_environment()
    history.do(decisions.act, "stop")
    for _ in range(3):
        history.now += timedelta(seconds=10)
        history.do(deadlines.chase_command, history.now, 3, 3)
    assert (history.env.state, history.env.pending) == ("stopping", None)
    settled = history.do(decisions.reconcile, "stopped", BOOT, 9)
    assert [type(event) for event in settled] == [e.StateSettled] and history.env.state == "stopped"


def test_only_the_first_reader_acknowledges_creation() -> None:
    history = running_environment()
    assert len(history.do(decisions.acknowledge_creation, uuid.uuid4())) == 1
    assert history.do(decisions.acknowledge_creation, uuid.uuid4()) == []


def test_a_resize_is_noted_unless_an_overtaken_one_or_the_environment_is_deleted() -> None:
    history = running_environment()
    assert history.env.instance_type == "standard"
    history.do(decisions.resized, "large", 7)
    assert (history.env.instance_type, history.env.resized_as_of) == ("large", 7)
    assert decisions.resized(history.env, "standard", 5) == []  # sent before the one noted: overtaken
    assert decisions.resized(history.env, "large", 7) == []  # delivered again
    history.do(decisions.resized, "standard", 8)
    assert history.env.instance_type == "standard"
    history.do(decisions.act, "delete")
    history.do(decisions.completed, pending_id(history), "stopped", "1.0.0", BOOT, 5)
    history.do(decisions.decommissioned)
    assert decisions.resized(history.env, "large", 9) == []
