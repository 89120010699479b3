"""The notification aggregate: raised once for its recipients, each of whom reads or deletes their own copy."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import reduce

from alerts.domain.events import DomainEvent, NotificationDismissed, NotificationRaised, NotificationRead
from common.errors import NotFound

STREAM_PREFIX = "notification-"
NAMESPACE = uuid.UUID("5f0c8e52-2a57-4c1e-9d4e-6a3b0b7f1c21")


def stream_id(notification_id: uuid.UUID) -> str:
    return f"{STREAM_PREFIX}{notification_id}"


def id_for(message_id: str) -> uuid.UUID:
    """One notification per message that raises it, however often the message is delivered."""
    return uuid.uuid5(NAMESPACE, message_id)


@dataclass(frozen=True)
class Notification:
    exists: bool = False
    notification_id: uuid.UUID | None = None
    organisation_id: int = 0
    unread: frozenset[uuid.UUID] = frozenset()
    kept: frozenset[uuid.UUID] = frozenset()


def evolve(notification: Notification, event: DomainEvent) -> Notification:
    match event:
        case NotificationRaised():
            recipients = frozenset(event.recipients)
            return Notification(True, event.notification_id, event.organisation_id, recipients, recipients)
        case NotificationRead():
            return replace(notification, unread=notification.unread - {event.user_id})
        case NotificationDismissed():
            return replace(notification, unread=notification.unread - {event.user_id},
                           kept=notification.kept - {event.user_id})  # fmt: skip
    return notification


def fold(events: Sequence[DomainEvent]) -> Notification:
    return reduce(evolve, events, Notification())


def raise_(
    notification: Notification, notification_id: uuid.UUID, organisation_id: int, category: str, message: str,
    resource_id: str | None, recipients: Sequence[uuid.UUID],
) -> list[DomainEvent]:  # fmt: skip
    """Nothing when it was raised already or nobody is to receive it."""
    if notification.exists or not recipients:
        return []
    return [NotificationRaised(organisation_id=organisation_id, notification_id=notification_id, category=category,
                               message=message, resource_id=resource_id, recipients=tuple(recipients))]  # fmt: skip


def read(notification: Notification, organisation_id: int, user_id: uuid.UUID) -> list[DomainEvent]:
    _yours(notification, organisation_id, user_id)
    if user_id not in notification.unread:
        return []
    assert notification.notification_id is not None
    return [NotificationRead(organisation_id=organisation_id, notification_id=notification.notification_id,
                             user_id=user_id)]  # fmt: skip


def dismiss(notification: Notification, organisation_id: int, user_id: uuid.UUID) -> list[DomainEvent]:
    _yours(notification, organisation_id, user_id)
    assert notification.notification_id is not None
    return [NotificationDismissed(organisation_id=organisation_id, notification_id=notification.notification_id,
                                  user_id=user_id)]  # fmt: skip


def _yours(notification: Notification, organisation_id: int, user_id: uuid.UUID) -> None:
    if notification.organisation_id != organisation_id or user_id not in notification.kept:
        raise NotFound("notification not found")
