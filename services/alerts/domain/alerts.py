"""The alert aggregate: one alert on one input or output, folded from what happened to it. Decisions return new
events or raise. Its evaluation episode (breached, raised, cleared) is on the same stream, so a restart resumes
it as it was: no second raise of an ongoing episode, no clear forgotten."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import reduce

from alerts.contract.rules import Side
from alerts.domain import events as e
from alerts.domain.rules import Rule, check
from common.errors import NotFound

STREAM_PREFIX = "alert-"


def stream_id(alert_id: uuid.UUID) -> str:
    return f"{STREAM_PREFIX}{alert_id}"


@dataclass(frozen=True)
class Episode:
    """Where the alert's evaluation stands: breached since, and (once said) the raise and its last send."""

    breached_since: datetime | None = None
    raise_id: uuid.UUID | None = None
    last_sent: datetime | None = None
    repeats: int = 0

    @property
    def raised(self) -> bool:
        return self.raise_id is not None


@dataclass(frozen=True)
class Alert:
    exists: bool = False
    deleted: bool = False
    alert_id: uuid.UUID | None = None
    organisation_id: int = 0
    created_by: int = 0
    environment_id: uuid.UUID | None = None
    side: Side = "input"
    endpoint_id: str = ""
    name: str = ""
    rule: Rule | None = None
    method_id: uuid.UUID | None = None
    muted: bool = False
    muted_until: datetime | None = None
    active: bool = True
    episode: Episode = Episode()

    def muted_at(self, now: datetime) -> bool:
        return self.muted and (self.muted_until is None or now < self.muted_until)

    def handled_by(self, organisation_id: int) -> bool:
        return organisation_id in (self.organisation_id, self.created_by)


def _settings(alert: Alert, event: e.AlertSettings) -> Alert:
    rule = Rule(event.alert_on_query, event.query_param, tuple(event.query_value), event.query_time_range,
                event.alert_check_frequency, event.alert_after, event.alert_repeat)  # fmt: skip
    return replace(alert, name=event.name, rule=rule, method_id=event.alert_method_id)


def evolve(alert: Alert, event: e.DomainEvent) -> Alert:
    match event:
        case e.AlertCreated():
            return _settings(Alert(True, False, event.alert_id, event.organisation_id, event.created_by_organisation_id,
                                   event.environment_id, event.side, event.endpoint_id), event)  # fmt: skip
        case e.AlertChanged():
            return _settings(alert, event)
        case e.AlertDeleted():
            return replace(alert, deleted=True)
        case e.AlertMuted():
            return replace(alert, muted=True, muted_until=event.until)
        case e.AlertUnmuted():
            return replace(alert, muted=False, muted_until=None)
        case e.AlertActivated():
            return replace(alert, active=True)
        case e.AlertDeactivated():
            return replace(alert, active=False, episode=Episode())
        case e.AlertBreached():
            return replace(alert, episode=Episode(breached_since=event.at))
        case e.AlertBreachEnded() | e.AlertCleared():
            return replace(alert, episode=Episode())
        case e.AlertRaised():
            since = alert.episode.breached_since or event.at
            return replace(alert, episode=Episode(since, event.raise_id, event.at, event.repeat))
    return alert


def fold(events: Sequence[e.DomainEvent]) -> Alert:
    return reduce(evolve, events, Alert())


def handled_by(alert: Alert, organisation_id: int | None) -> Alert:
    """The alert, if it is alive and ``organisation_id`` owns its environment or made it (None: a superuser's
    call, any alert); to anyone else it does not exist."""
    if not alert.exists or alert.deleted or (organisation_id is not None and not alert.handled_by(organisation_id)):
        raise NotFound("alert not found", "alert_id")
    return alert


def create(
    alert: Alert, alert_id: uuid.UUID, owner_id: int, created_by: int, environment_id: uuid.UUID, side: Side,
    endpoint_id: str, name: str, rule: Rule, method_id: uuid.UUID,
) -> list[e.DomainEvent]:  # fmt: skip
    if alert.exists:
        return []
    check(rule)
    return [e.AlertCreated(organisation_id=owner_id, alert_id=alert_id, created_by_organisation_id=created_by,
                           environment_id=environment_id, side=side, endpoint_id=endpoint_id,
                           **_fields(name, rule, method_id))]  # fmt: skip


def change(
    alert: Alert, organisation_id: int | None, name: str | None, rule: Rule, method_id: uuid.UUID
) -> list[e.DomainEvent]:
    handled_by(alert, organisation_id)
    check(rule)
    new_name = alert.name if name is None else name
    if (new_name, rule, method_id) == (alert.name, alert.rule, alert.method_id):
        return []
    return [e.AlertChanged(**_ids(alert), **_fields(new_name, rule, method_id))]


def delete(alert: Alert, organisation_id: int | None) -> list[e.DomainEvent]:
    handled_by(alert, organisation_id)
    return [e.AlertDeleted(**_ids(alert))]


def mute(alert: Alert, organisation_id: int | None, until: datetime | None = None) -> list[e.DomainEvent]:
    handled_by(alert, organisation_id)
    if alert.muted and alert.muted_until == until:
        return []
    return [e.AlertMuted(**_ids(alert), until=until)]


def unmute(alert: Alert, organisation_id: int | None) -> list[e.DomainEvent]:
    handled_by(alert, organisation_id)
    return [e.AlertUnmuted(**_ids(alert))] if alert.muted else []


def activate(alert: Alert, organisation_id: int | None, active: bool) -> list[e.DomainEvent]:
    handled_by(alert, organisation_id)
    if alert.active == active:
        return []
    return [e.AlertActivated(**_ids(alert)) if active else e.AlertDeactivated(**_ids(alert))]


def _ids(alert: Alert) -> dict[str, object]:
    return {"organisation_id": alert.organisation_id, "alert_id": alert.alert_id}


def _fields(name: str, rule: Rule, method_id: uuid.UUID) -> dict[str, object]:
    return {"name": name, "alert_on_query": rule.alert_on_query, "query_param": rule.query_param,
            "query_value": rule.query_value, "query_time_range": rule.query_time_range,
            "alert_check_frequency": rule.alert_check_frequency, "alert_after": rule.alert_after,
            "alert_repeat": rule.alert_repeat, "alert_method_id": method_id}  # fmt: skip
