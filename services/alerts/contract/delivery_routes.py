"""The delivery log of an alert. The catalogue has no operation for it: it is a history of what was sent (P09)."""

from __future__ import annotations

from alerts.contract.deliveries import DeliveryView
from alerts.contract.routes import MEMBER_OR_SU, NEEDS_MANAGING
from common.access.builder import RouteBuilder, with_schema
from common.access.rules import Route

DELIVERIES = "/api/alerts/{alert_id}/deliveries"
YOUR_ALERT = (
    "Only deliveries of alerts your managing organisation owns or created (a guest's alert on your endpoint is "
    f"both's); any other alert's, or an unknown alert's, is an empty list. A superuser sees every alert's. "
    f"{NEEDS_MANAGING}"
)

_r = RouteBuilder("alerts", {"alert_id": "uuid"})

DELIVERY_ROUTES: tuple[Route, ...] = (
    *with_schema(
        _r("alerts.deliveries", "P09", "GET", DELIVERIES, "Delivery log of an alert: every email and Slack message",
           *MEMBER_OR_SU, list_of=DeliveryView, object_rule=YOUR_ALERT, errors=(409,),
           note="Newest first by default. Read as the alert methods are (A171): by members of the managing "
                "organisation, who see the methods' addresses anyway."),
        "alerts.deliveries_schema", "Schema of an alert's delivery log"),
)  # fmt: skip
