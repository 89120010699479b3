"""``AlertFired`` as the alerts service's evaluation would raise it: an input's bitrate below 1000 kbps."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from alerts.domain.deliveries import AlertFired


def fired(method_id: uuid.UUID, organisation_id: int, **changes: Any) -> AlertFired:
    values: dict[str, Any] = {
        "state": "raised", "raise_id": uuid.uuid4(), "alert_id": uuid.uuid4(), "organisation_id": organisation_id,
        "created_by_organisation_id": None, "environment_id": uuid.uuid4(), "side": "input",
        "endpoint_id": "studio-feed", "alert_name": "Studio feed starving", "alert_on_query": "net_recv.bitrate",
        "query_param": "lt", "query_value": [1000], "value": 850.5, "alert_method_id": method_id, "muted": False,
        "occurred_at": datetime(2026, 12, 2, 9, 30, tzinfo=UTC),
    }  # fmt: skip
    return AlertFired.model_validate({**values, **changes})


def cleared(raised: AlertFired, value: float = 1500) -> AlertFired:
    return raised.model_copy(update={"state": "cleared", "value": value})
