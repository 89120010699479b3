"""The alert method aggregate: folded from what happened to it; decisions return new events or raise.

Decisions take addresses already parsed (``addresses.parse``) and record them as shown.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import reduce

from alerts.contract.schemas import AlertType
from alerts.domain.addresses import FIELD, shown
from alerts.domain.events import (
    AlertMethodChanged,
    AlertMethodChosen,
    AlertMethodCreated,
    AlertMethodDeleted,
    DomainEvent,
)
from common.errors import Conflict, Invalid, NotFound

STREAM_PREFIX = "alert-method-"


def stream_id(method_id: uuid.UUID) -> str:
    return f"{STREAM_PREFIX}{method_id}"


@dataclass(frozen=True)
class AlertMethod:
    exists: bool = False
    deleted: bool = False
    method_id: uuid.UUID | None = None
    organisation_id: int = 0
    name: str = ""
    alert_type: AlertType = "email"
    notification_parameters: tuple[str, ...] = ()


def evolve(method: AlertMethod, event: DomainEvent) -> AlertMethod:
    match event:
        case AlertMethodCreated():
            return AlertMethod(True, False, event.method_id, event.organisation_id, event.name, event.alert_type,
                               event.notification_parameters)  # fmt: skip
        case AlertMethodChanged():
            return replace(method, name=event.name, alert_type=event.alert_type,
                           notification_parameters=event.notification_parameters)  # fmt: skip
        case AlertMethodDeleted():
            return replace(method, deleted=True)
    return method


def fold(events: Sequence[DomainEvent]) -> AlertMethod:
    return reduce(evolve, events, AlertMethod())


def owned_by(method: AlertMethod, organisation_id: int) -> AlertMethod:
    """The method, if it is alive and belongs to ``organisation_id``; to anyone else it does not exist."""
    if not method.exists or method.deleted or method.organisation_id != organisation_id:
        raise NotFound("alert method not found")
    return method


def create(
    method: AlertMethod, method_id: uuid.UUID, organisation_id: int, name: str, alert_type: AlertType,
    addresses: Sequence[str],
) -> list[DomainEvent]:  # fmt: skip
    if method.exists:
        raise Conflict("alert method already exists")
    return [AlertMethodCreated(organisation_id=organisation_id, method_id=method_id, name=name, alert_type=alert_type,
                               notification_parameters=_shown(alert_type, addresses))]  # fmt: skip


def change(
    method: AlertMethod, organisation_id: int, name: str | None, alert_type: AlertType | None,
    addresses: Sequence[str] | None,
) -> list[DomainEvent]:  # fmt: skip
    """``None`` leaves a field as it is. New webhooks always record a change (their secret part is not in the
    log to compare); anything else that changes nothing records nothing."""
    owned_by(method, organisation_id)
    kind = alert_type or method.alert_type
    if kind != method.alert_type and addresses is None:
        raise Invalid(f"a method changing to {kind} needs its {kind} addresses", FIELD)
    parameters = method.notification_parameters if addresses is None else _shown(kind, addresses)
    after = replace(method, name=method.name if name is None else name, alert_type=kind,
                    notification_parameters=parameters)  # fmt: skip
    if after == method and (kind == "email" or addresses is None):
        return []
    assert method.method_id is not None
    return [AlertMethodChanged(organisation_id=organisation_id, method_id=method.method_id, name=after.name,
                               alert_type=kind, notification_parameters=parameters)]  # fmt: skip


def choose(method: AlertMethod, organisation_id: int, alert_ids: Sequence[uuid.UUID]) -> list[DomainEvent]:
    """Alerts made by ``organisation_id`` take the method: it must be alive and theirs (else 404 naming it)."""
    if not method.exists or method.deleted or method.organisation_id != organisation_id:
        raise NotFound("alert method not found", "alert_method_id")
    assert method.method_id is not None
    return [AlertMethodChosen(organisation_id=organisation_id, method_id=method.method_id, alert_ids=tuple(alert_ids))]


def delete(method: AlertMethod, organisation_id: int) -> list[DomainEvent]:
    owned_by(method, organisation_id)
    assert method.method_id is not None
    return [AlertMethodDeleted(organisation_id=organisation_id, method_id=method.method_id)]


def _shown(alert_type: AlertType, addresses: Sequence[str]) -> tuple[str, ...]:
    return tuple(shown(alert_type, a) for a in addresses)
