"""Every waiting state ends: a deadline resolves what no one else did."""

from __future__ import annotations

import contextlib
import uuid
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from common.errors import Conflict
from environments.domain import deadlines, decisions
from environments.domain import events as e
from environments.domain.deadlines import Deadlines
from environments.domain.lifecycle import ACTIONS, WAITING
from tests.unit.environments.history import BOOT, T0, History, pending_id, running_environment

DEADLINES = Deadlines(command_ack=3, command_attempts=3, provision=90, settle=60, decommission=60)


def overdue_after(history: History, seconds: float, awake_since: object = T0) -> list[e.DomainEvent]:
    history.now += timedelta(seconds=seconds)
    return history.do(deadlines.overdue, history.now, DEADLINES, awake_since)


def expire_pending(history: History) -> None:
    for _ in range(DEADLINES.command_attempts):
        history.now += timedelta(seconds=DEADLINES.command_ack * 4 + 1)
        history.do(deadlines.chase_command, history.now, DEADLINES.command_ack, DEADLINES.command_attempts)
    assert history.env.pending is None


def requested() -> History:
    history = History()
    history.record(decisions.request(uuid.uuid4(), 7, "studio", "local", "local-1", "standard"))
    return history


def test_a_creation_whose_provisioning_never_starts_fails_with_the_reason() -> None:
    history = requested()
    assert overdue_after(history, 89) == []
    failed = overdue_after(history, 2)
    assert history.env.state == "failed" and "did not start within 90 s" in failed[0].reason  # type: ignore[attr-defined]


def test_a_deadline_waiting_on_others_counts_from_when_the_service_woke_at_the_earliest() -> None:
    history = requested()
    history.now += timedelta(hours=1)
    woke = history.now
    assert overdue_after(history, 60, awake_since=woke) == [], "the platform was down: its agents get a full deadline"
    assert overdue_after(history, 31, awake_since=woke) != []


def test_a_transition_whose_command_expired_goes_back_where_it_came_from() -> None:
    history = running_environment()
    history.do(decisions.act, "stop")
    expire_pending(history)
    assert history.env.state == "stopping"
    assert overdue_after(history, 59) == []
    reverted = overdue_after(history, 2)
    assert [type(x) for x in reverted] == [e.TransitionReverted]
    assert (history.env.state, history.env.pending) == ("running", None)
    assert decisions.act(history.env, "stop"), "the user may try again"


def test_an_agent_whose_heartbeat_shows_the_wanted_media_settles_an_expired_transition() -> None:
    history = running_environment()
    history.do(decisions.act, "stop")
    expire_pending(history)
    assert history.do(decisions.converge, "running", BOOT, 7) == [], "still running: left to its deadline"
    settled = history.do(decisions.converge, "stopped", BOOT, 8)
    assert [type(x) for x in settled] == [e.StateSettled] and history.env.state == "stopped"


def test_a_heartbeat_showing_drifted_media_puts_it_back_but_an_older_one_changes_nothing() -> None:
    history = running_environment()
    history.do(decisions.act, "stop")
    history.do(decisions.completed, pending_id(history), "stopped", "1.0.0", BOOT, 5)
    assert history.do(decisions.converge, "running", BOOT, 4) == [], "sent before the stop completed"
    assert history.do(decisions.converge, "stopped", BOOT, 6) == []
    assert [x.command for x in history.do(decisions.converge, "running", BOOT, 7)] == ["stop"]  # type: ignore[attr-defined]
    assert history.do(decisions.converge, "running", BOOT, 8) == [], "one command at a time"


def test_a_deletion_whose_decommissioning_did_not_finish_is_asked_for_again() -> None:
    history = running_environment()
    history.do(decisions.act, "delete")
    history.do(decisions.completed, pending_id(history), "stopped", "1.0.0", BOOT, 5)
    assert overdue_after(history, 59) == []
    again = overdue_after(history, 2)
    assert [type(x) for x in again] == [e.DecommissionRequested]
    assert overdue_after(history, 59) == [], "and again a deadline later, not at every sweep"


STEPS = st.sampled_from(
    [*ACTIONS, "provisioning_started", "provisioning_failed", "provisioned", "acknowledged", "completed", "failed",
     "reported_running", "reported_stopped", "beat_running", "beat_stopped", "decommissioned", "a_while"]
)  # fmt: skip


def take(history: History, step: str, sequence: int) -> None:
    env, pending = history.env, history.env.pending
    media = "stopped" if step.endswith("stopped") or env.state in ("stopping", "stopped") else "running"
    if step in ACTIONS:
        with contextlib.suppress(Conflict):
            history.do(decisions.act, step)
    elif step in ("provisioning_started", "provisioning_failed"):
        history.do(getattr(decisions, step), env.attempt, *(["no capacity"] if step.endswith("failed") else []))
    elif step == "provisioned":
        history.do(decisions.provisioned, "1.0.0", BOOT)
    elif step in ("acknowledged", "completed", "failed") and pending is not None:
        arguments = {"acknowledged": (), "completed": (media, "1.0.0", BOOT, sequence), "failed": ("no disk",)}
        history.do(getattr(decisions, step), pending.command_id, *arguments[step])
    elif step.startswith(("reported", "beat")):
        history.do(decisions.reconcile if step.startswith("reported") else decisions.converge, media, BOOT, sequence)
    elif step == "decommissioned" and env.state == "deleting":
        history.do(decisions.decommissioned)
    elif step == "a_while":
        sweep(history, 5)


def sweep(history: History, seconds: float) -> list[e.DomainEvent]:
    history.now += timedelta(seconds=seconds)
    chased = history.do(deadlines.chase_command, history.now, DEADLINES.command_ack, DEADLINES.command_attempts)
    return chased + history.do(deadlines.overdue, history.now, DEADLINES, T0)


@settings(max_examples=300)
@given(st.lists(STEPS, max_size=30))
def test_whatever_happened_no_state_waits_for_ever_once_the_agent_falls_silent(steps: list[str]) -> None:
    history = requested()
    for sequence, step in enumerate(steps, start=1):
        take(history, step, sequence)
    for _ in range(12):
        resolved = sweep(history, 100)
        if any(isinstance(x, e.DecommissionRequested) for x in resolved):
            history.do(decisions.decommissioned)  # the decommissioning consumer did its part
    assert history.env.state not in WAITING and history.env.pending is None, [h.event for h in history.events]
