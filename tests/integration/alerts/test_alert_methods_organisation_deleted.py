"""An organisation deleted by the gateway takes its alert methods (and their webhooks) with it."""

from __future__ import annotations

from tests.integration.alerts.conftest import METHODS, AlertsUnderTest, webhook
from tests.support.service_under_test import member_of, new_organisation
from tests.support.waiting import eventually


async def test_deleting_an_organisation_deletes_its_methods(alerts: AlertsUnderTest) -> None:
    doomed, kept = member_of(new_organisation()), member_of(new_organisation())
    await alerts.create(doomed, "Mail")
    slack = await alerts.create(doomed, "Slack", "slack", webhook())
    await alerts.create(kept, "Mail")
    assert doomed.managing_organisation_id is not None
    await alerts.delete_organisation(doomed.managing_organisation_id)

    async def gone() -> None:
        assert await alerts.names(doomed) == []

    await eventually(gone, within=15)
    assert await alerts.names(kept) == ["Mail"]
    sql = "SELECT count(*) FROM alerts.slack_webhooks WHERE method_id = $1::uuid"
    assert await alerts.runtime.pool.fetchval(sql, slack) == 0
    body = {"name": "Again", "alert_type": "email", "notification_parameters": ["ops@example.com"]}
    assert (await alerts.call(doomed, "POST", METHODS, body)).status == 404
    await alerts.delete_organisation(doomed.managing_organisation_id)  # again: changes nothing, fails nothing
