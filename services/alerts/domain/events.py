"""What happens to alert methods and to the set of methods an organisation holds, as frozen types.

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


ALL: tuple[type[DomainEvent], ...] = (
    AlertMethodCreated,
    AlertMethodChanged,
    AlertMethodDeleted,
    AlertMethodAdded,
    AlertMethodRemoved,
    AlertMethodsClosed,
)
