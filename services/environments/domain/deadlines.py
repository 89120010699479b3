"""How long each waiting state may last, and what it resolves to when no one ends it in time.

An unanswered command is sent again, then expires. A creation that does not start or does not
report fails with the reason (a user may start it again). A transition whose command expired goes
back where it came from, unless the agent reports the media in the wanted state first. A deletion
whose decommissioning did not finish is asked for again. Deadlines that wait for another party
count at the earliest from ``awake_since`` (when the sweeping service started), so a platform
that was down does not fail what its agents are about to report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from environments.domain import events as e
from environments.domain.decisions import provisioning_failed
from environments.domain.environment import Environment
from environments.domain.lifecycle import COMPLETES_TO, FALLS_BACK_TO

Resolve = Callable[[Environment, datetime, float], list[e.DomainEvent]]


@dataclass(frozen=True)
class Deadlines:
    command_ack: float  # seconds an agent has to acknowledge a command (and four times that to finish it)
    command_attempts: int
    provision: float  # requested, or provisioning without the agent's report
    settle: float  # a transition whose command expired, unconfirmed
    decommission: float  # deleting, with no command left to wait for


def chase_command(env: Environment, now: datetime, ack_timeout: float, max_attempts: int) -> list[e.DomainEvent]:
    """Reissue a command the agent has not acknowledged (or finished) in time; give up after max_attempts."""
    pending = env.pending
    if pending is None:
        return []
    patience = ack_timeout * (4 if pending.acknowledged else 1)
    if now - pending.last_issued_at < timedelta(seconds=patience):
        return []
    if pending.attempts < max_attempts:
        return [e.CommandReissued(command_id=pending.command_id, attempt=pending.attempts + 1, command=pending.kind,
                                  target_version=pending.target_version)]  # fmt: skip
    reason = f"agent did not {'finish' if pending.acknowledged else 'acknowledge'} {pending.kind} in time"
    expired = e.CommandExpired(command_id=pending.command_id, reason=reason)
    if env.state == "deleting":
        return [expired, e.DecommissionRequested(previous_state=env.state, state="deleting", reason=reason)]
    return [expired]


def provisioning_timed_out(env: Environment, now: datetime, timeout: float) -> list[e.DomainEvent]:
    started = env.provisioning_started_at
    if env.state != "provisioning" or started is None or now - started < timedelta(seconds=timeout):
        return []
    return provisioning_failed(env, env.attempt, f"the agent did not report within {timeout:g} s")


def requested_timed_out(env: Environment, now: datetime, timeout: float) -> list[e.DomainEvent]:
    if env.state != "requested" or not _passed(env.since, now, timeout):
        return []
    return provisioning_failed(env, env.attempt, f"provisioning did not start within {timeout:g} s")


def transition_unconfirmed(env: Environment, now: datetime, timeout: float) -> list[e.DomainEvent]:
    if env.state not in COMPLETES_TO or env.pending is not None or not _passed(env.since, now, timeout):
        return []
    reason = f"no agent confirmed the environment {env.state} within {timeout:g} s of its command expiring"
    return [e.TransitionReverted(previous_state=env.state, state=FALLS_BACK_TO[env.state], reason=reason)]


def decommission_unfinished(env: Environment, now: datetime, timeout: float) -> list[e.DomainEvent]:
    if env.state != "deleting" or env.pending is not None or not _passed(env.since, now, timeout):
        return []
    reason = f"decommissioning did not finish within {timeout:g} s; asked again"
    return [e.DecommissionRequested(previous_state=env.state, state="deleting", reason=reason)]


def overdue(env: Environment, now: datetime, deadlines: Deadlines, awake_since: datetime) -> list[e.DomainEvent]:
    """What a waiting state resolves to once its deadline passed (chasing commands aside)."""
    resolutions: list[tuple[float, Resolve]] = [
        (deadlines.provision, provisioning_timed_out),
        (deadlines.provision, requested_timed_out),
        (deadlines.settle, transition_unconfirmed),
        (deadlines.decommission, decommission_unfinished),
    ]
    for timeout, resolve in resolutions:
        if now - awake_since >= timedelta(seconds=timeout) and (resolved := resolve(env, now, timeout)):
            return resolved
    return []


def _passed(since: datetime | None, now: datetime, timeout: float) -> bool:
    return since is not None and now - since >= timedelta(seconds=timeout)
