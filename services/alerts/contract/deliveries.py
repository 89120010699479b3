"""The delivery log's entries, as the alert's deliveries route answers them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from alerts.contract.schemas import AlertType

STATUS_HELP = (
    "pending (not tried yet), sending (a try under way), retrying (a try failed; another follows), sent, "
    "dead_lettered (given up: last_error says why), skipped (the alert was muted)"
)


class DeliveryView(BaseModel):
    id: uuid.UUID
    raise_id: uuid.UUID = Field(description="the raise episode: its clear has the same raise_id")
    repeat: int = Field(description="0 for the raise itself (and its clear), then 1, 2, … as it is said again")
    state: Literal["raised", "cleared"]
    alert_type: AlertType
    target: str = Field(description="the email address, or the Slack webhook masked")
    status: Literal["pending", "sending", "retrying", "sent", "dead_lettered", "skipped"] = Field(
        description=STATUS_HELP
    )
    attempts: int
    last_error: str | None
    created_at: datetime
    updated_at: datetime
    sent_at: datetime | None
