"""What happens to alert methods, the set of methods an organisation holds, notifications and muted categories,
as frozen types.

No event carries a Slack webhook: ``notification_parameters`` hold addresses as shown (the webhook's secret
part masked); the webhooks themselves are kept beside the log (``service_layer.ports.Webhooks``).
The store's codec (``adapters/event_codec.py``) names and serialises them.
"""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict

from alerts.contract.schemas import AlertType


class DomainEvent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    organisation_id: int


class MethodEvent(DomainEvent):
    method_id: uuid.UUID


class AlertMethodCreated(MethodEvent):
    name: str
    alert_type: AlertType
    notification_parameters: tuple[str, ...]


class AlertMethodChanged(MethodEvent):
    """The method's fields after the change, all of them."""

    name: str
    alert_type: AlertType
    notification_parameters: tuple[str, ...]


class AlertMethodDeleted(MethodEvent):
    pass


class AlertMethodAdded(MethodEvent):
    """The organisation holds one more method."""


class AlertMethodRemoved(MethodEvent):
    pass


class AlertMethodsClosed(DomainEvent):
    """The organisation was deleted: no method may be created in it any more."""


class NotificationEvent(DomainEvent):
    notification_id: uuid.UUID


class NotificationRaised(NotificationEvent):
    """Sent to ``recipients``: the organisation's members when it happened, less those who muted its category."""

    category: str
    message: str
    resource_id: str | None = None
    recipients: tuple[uuid.UUID, ...]


class NotificationRead(NotificationEvent):
    user_id: uuid.UUID


class NotificationDismissed(NotificationEvent):
    """Deleted for this recipient only; the others keep theirs."""

    user_id: uuid.UUID


class CategoriesMuted(DomainEvent):
    """The whole set muted from now on, for the organisation or (``user_id``) for one of its users."""

    user_id: uuid.UUID | None = None
    categories: tuple[str, ...]


ALL: tuple[type[DomainEvent], ...] = (
    AlertMethodCreated,
    AlertMethodChanged,
    AlertMethodDeleted,
    AlertMethodAdded,
    AlertMethodRemoved,
    AlertMethodsClosed,
    NotificationRaised,
    NotificationRead,
    NotificationDismissed,
    CategoriesMuted,
)
