"""The integration events alerts publishes: an alert raised (and said again while ongoing) and cleared, for the
deliveries (email, Slack). Every field a message needs is here; never an address or a webhook.

``raise_id`` names one episode: its first raise (``repeat`` 0), each repeat (1, 2, …) and its clear carry the same
one, so a delivery is idempotent by (``raise_id``, ``repeat``) for raises and by ``raise_id`` for the clear.
``muted``: the alert was muted when this happened; it is evaluated all the same, but nothing is to be sent.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar

from pydantic import Field

from alerts.contract.rules import Side
from common.contracts import OrganisationEvent


class AlertEpisodeEvent(OrganisationEvent):
    """``organisation_id``: the owner of the alert's environment; ``created_by_organisation_id``: who made the
    alert (the owner, or a guest taking the output)."""

    raise_id: uuid.UUID
    alert_id: uuid.UUID
    created_by_organisation_id: int
    environment_id: uuid.UUID
    side: Side
    endpoint_id: str
    alert_name: str
    alert_on_query: str
    query_param: str
    query_value: list[float]
    value: float | None = Field(description="the metric's average over the window (None: no samples)")
    alert_method_id: uuid.UUID
    muted: bool
    occurred_at: datetime


class AlertRaised(AlertEpisodeEvent):
    TYPE: ClassVar[str] = "alerts.AlertRaised"
    repeat: int = Field(0, ge=0, description="0: first said; n: the n-th repeat of the same episode")


class AlertCleared(AlertEpisodeEvent):
    TYPE: ClassVar[str] = "alerts.AlertCleared"


PUBLISHED = (AlertRaised, AlertCleared)
