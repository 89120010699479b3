"""What Slack's buttons on alert messages do (A279), once the request's signature is verified (decision 67)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from alerts.domain.slack import MUTE_FOR_SECONDS
from alerts.service_layer.delivery_ports import AlertMuting, DeliveryLog
from common.errors import DomainError, NotFound


class MutingUnavailable(DomainError):
    status = 503


async def mute_for_an_hour(
    deliveries: DeliveryLog, muting: AlertMuting | None, alert_id: uuid.UUID, raise_id: uuid.UUID, now: datetime
) -> datetime:
    """Mutes the alert whose raise was posted to Slack: its owner is the one the delivery log recorded, never
    one the request names. Answers until when."""
    organisation_id = await deliveries.slack_raise(alert_id, raise_id)
    if organisation_id is None:
        raise NotFound("no Slack message was sent for this alert and raise")
    if muting is None:
        raise MutingUnavailable("muting alerts from Slack is not available yet")
    until = now + timedelta(seconds=MUTE_FOR_SECONDS)
    await muting.mute_for(alert_id, organisation_id, until)
    return until
