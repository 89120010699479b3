"""What happens to alert methods, the set of methods an organisation holds, notifications and muted categories,
as frozen types.

No event carries a Slack webhook: ``notification_parameters`` hold addresses as shown (the webhook's secret
part masked); the webhooks themselves are kept beside the log (``service_layer.ports.Webhooks``).
The store's codec (``adapters/event_codec.py``) names and serialises them.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from alerts.contract.rules import Side
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


class AlertMethodChosen(MethodEvent):
    """Alerts were given the method. Recorded on the method's stream so that its deletion, decided there too,
    cannot pass unseen between an alert's creation reading the method alive and committing."""

    alert_ids: tuple[uuid.UUID, ...]


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


class AlertEvent(DomainEvent):
    """``organisation_id``: the owner of the alert's environment."""

    alert_id: uuid.UUID


class AlertSettings(AlertEvent):
    """The alert's rule, name and method, all of them."""

    name: str
    alert_on_query: str
    query_param: str
    query_value: tuple[float, ...]
    query_time_range: str
    alert_check_frequency: str
    alert_after: str | None
    alert_repeat: str
    alert_method_id: uuid.UUID


class AlertCreated(AlertSettings):
    """On one input or output (``side``, ``endpoint_id``) of the environment, by ``created_by_organisation_id`` (the
    owner, or the guest taking the output)."""

    created_by_organisation_id: int
    environment_id: uuid.UUID
    side: Side
    endpoint_id: str


class AlertChanged(AlertSettings):
    pass


class AlertDeleted(AlertEvent):
    pass


class AlertMuted(AlertEvent):
    """No message or notification while muted: for good (``until`` None) or until then."""

    until: datetime | None = None


class AlertUnmuted(AlertEvent):
    pass


class AlertActivated(AlertEvent):
    pass


class AlertDeactivated(AlertEvent):
    """Paused: not evaluated, kept as a record; an ongoing episode is cleared first."""


class AlertBreached(AlertEvent):
    """The condition began to hold at ``at`` (not said yet: ``alert_after`` has not passed)."""

    at: datetime
    value: float | None


class AlertBreachEnded(AlertEvent):
    """The condition stopped holding before it was said."""

    at: datetime
    value: float | None


class AlertEpisode(AlertEvent):
    """Raised or cleared, with everything a delivery needs (the outbox publishes it as ``alerts.<Name>``)."""

    raise_id: uuid.UUID
    at: datetime
    value: float | None
    created_by_organisation_id: int
    environment_id: uuid.UUID
    side: Side
    endpoint_id: str
    alert_name: str
    alert_on_query: str
    query_param: str
    query_value: tuple[float, ...]
    alert_method_id: uuid.UUID
    muted: bool


class AlertRaised(AlertEpisode):
    """``repeat`` 0: the episode is said for the first time; then once more every ``alert_repeat`` while ongoing."""

    repeat: int = 0


class AlertCleared(AlertEpisode):
    pass


ALERT_EVENTS: tuple[type[AlertEvent], ...] = (
    AlertCreated, AlertChanged, AlertDeleted, AlertMuted, AlertUnmuted, AlertActivated, AlertDeactivated,
    AlertBreached, AlertBreachEnded, AlertRaised, AlertCleared,
)  # fmt: skip
ALL: tuple[type[DomainEvent], ...] = (
    AlertMethodCreated,
    AlertMethodChanged,
    AlertMethodDeleted,
    AlertMethodChosen,
    AlertMethodAdded,
    AlertMethodRemoved,
    AlertMethodsClosed,
    NotificationRaised,
    NotificationRead,
    NotificationDismissed,
    CategoriesMuted,
    *ALERT_EVENTS,
)
