"""The alerts service's projections rebuild identically from its events (run after the notification tests,
so notifications, reads and deletions, alerts and their episodes are among them)."""

from __future__ import annotations

from alerts.adapters.projections import PROJECTIONS
from common.projections import Projection
from tests.integration.alerts.conftest import METHODS, AlertsUnderTest, webhook
from tests.support.rebuild import drift_at_rest
from tests.support.service_under_test import member_of, new_organisation


async def test_the_projection_rebuilds_identically(alerts: AlertsUnderTest) -> None:
    admin = member_of(new_organisation())
    method_id = await alerts.create(admin, "Mail")
    await alerts.call(admin, "PATCH", f"{METHODS}/{method_id}", {"alert_type": "slack",
                                                                 "notification_parameters": [webhook()]})  # fmt: skip
    await alerts.call(admin, "DELETE", f"{METHODS}/{await alerts.create(admin, 'Gone')}")
    projections: list[Projection] = list(PROJECTIONS)
    drift = await drift_at_rest(alerts.runtime.pool, "alerts", "alerts_rebuild", projections)
    assert drift == {"alert_methods": 0, "alerts": 0, "notifications": 0, "notification_inbox": 0, "full_sets": 0}
