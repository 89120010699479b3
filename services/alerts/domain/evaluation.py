"""Evaluating an alert, as pure functions: the metric's average over the window from samples, whether the rule's
condition holds, and what that does to the alert's episode.

- The value is the average of the samples in ``(now - window, now]``; none there: no value (None).
- ``no_value`` holds exactly when there is no value; the other operators need one, and without it nothing is
  decided (the episode stays as it is: a silent agent neither raises nor clears a threshold alert).
- The condition holding starts a breach; once it has held for ``alert_after`` (none: at once) the alert is raised
  (a new ``raise_id``), and said again every ``alert_repeat`` while it holds. The condition failing clears a raised
  alert (same ``raise_id``) or quietly ends a breach not said yet.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from alerts.domain import events as e
from alerts.domain.alerts import Alert
from alerts.domain.rules import Rule

Sample = tuple[datetime, Mapping[str, float]]
COLUMNS: dict[str, str] = {
    "net_send.rtt": "rtt_ms",
    "net_recv.bitrate": "bitrate_kbps",
    "net_recv.jitter": "jitter_ms",
    "net_recv.loss_millipercent": "loss_millipercent",
    "arq_recv.dropped": "dropped",
    "is_connected": "connected",
}


def average(samples: Sequence[Sample], metric: str, now: datetime, window_seconds: int) -> float | None:
    start, column = now - timedelta(seconds=window_seconds), COLUMNS[metric]
    values = [float(fields[column]) for at, fields in samples if start < at <= now and column in fields]
    return sum(values) / len(values) if values else None


def holds(rule: Rule, value: float | None) -> bool | None:
    """Whether the condition holds; None when it cannot be told (no value for an operator that needs one)."""
    if rule.query_param == "no_value":
        return value is None
    if value is None:
        return None
    match rule.query_param, rule.query_value:
        case "gt", (threshold,):
            return value > threshold
        case "lt", (threshold,):
            return value < threshold
        case "within_range", (low, high):
            return low <= value <= high
        case "outside_range", (low, high):
            return value < low or value > high
    raise AssertionError(f"a checked rule has no {rule.query_param} with {rule.query_value}")


def step(alert: Alert, now: datetime, value: float | None, new_raise_id: uuid.UUID) -> list[e.DomainEvent]:
    """What one check at ``now`` finding ``value`` records; a paused, deleted or unknown alert records nothing."""
    if not alert.exists or alert.deleted or not alert.active or alert.rule is None:
        return []
    holding, episode, ids = holds(alert.rule, value), alert.episode, _ids(alert)
    if holding is None:
        return []
    if not holding:
        if episode.raised:
            return [episode_event(e.AlertCleared, alert, now, value)]
        return [e.AlertBreachEnded(**ids, at=now, value=value)] if episode.breached_since else []
    if episode.raised:
        assert episode.last_sent is not None
        if now - episode.last_sent < timedelta(seconds=alert.rule.repeat_seconds):
            return []
        return [episode_event(e.AlertRaised, alert, now, value, repeat=episode.repeats + 1)]
    since = episode.breached_since or now
    breached: list[e.DomainEvent] = [] if episode.breached_since else [e.AlertBreached(**ids, at=now, value=value)]
    if now - since < timedelta(seconds=alert.rule.after_seconds):
        return breached
    return [*breached, episode_event(e.AlertRaised, alert, now, value, raise_id=new_raise_id)]


def episode_event(
    kind: type[e.AlertEpisode], alert: Alert, now: datetime, value: float | None,
    raise_id: uuid.UUID | None = None, **extra: int,
) -> e.AlertEpisode:  # fmt: skip
    """Raised or cleared, carrying the alert as it is (``raise_id``: the episode's, unless a new one starts)."""
    rule, episode_id = alert.rule, raise_id or alert.episode.raise_id
    assert rule is not None and episode_id is not None and alert.environment_id and alert.method_id
    return kind(**_ids(alert), raise_id=episode_id, at=now, value=value, created_by_organisation_id=alert.created_by,
                environment_id=alert.environment_id, side=alert.side, endpoint_id=alert.endpoint_id,
                alert_name=alert.name, alert_on_query=rule.alert_on_query, query_param=rule.query_param,
                query_value=rule.query_value, alert_method_id=alert.method_id, muted=alert.muted_at(now),
                **extra)  # fmt: skip


def _ids(alert: Alert) -> dict[str, object]:
    return {"organisation_id": alert.organisation_id, "alert_id": alert.alert_id}


def stopped(alert: Alert, now: datetime) -> list[e.DomainEvent]:
    """An alert paused or deleted mid-episode says it is over first (its deliveries know it cleared)."""
    return [episode_event(e.AlertCleared, alert, now, None)] if alert.episode.raised else []
