"""What accounts staff switch and watch: account billing (A136) makes purchases account charges, the monthly
report flag (A135), and the running-state overview (A137) of metered environments and unfinished agreements."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from common.contracts import envelope_for
from environments.contract.events import EnvironmentRequested, EnvironmentStateChanged
from tests.integration.billing.conftest import BillingUnderTest, staff
from tests.support.service_under_test import member_of, new_organisation
from tests.support.waiting import eventually


async def test_account_billing_and_the_monthly_report_are_switched_by_staff_only(billing: BillingUnderTest) -> None:
    organisation_id = await billing.known_organisation()
    path = f"/api/organisations/{organisation_id}"
    switched = (await billing.call(staff(is_accounts_user=True), "PUT", f"{path}/account_billing", {})).ok()
    assert switched == {"organisation_id": organisation_id, "on_account": True, "monthly_billing_report": False}
    report = {"enabled": True}
    on = (await billing.call(staff(is_accounts_admin=True), "PUT", f"{path}/monthly_billing_report", report)).ok()
    assert (on["on_account"], on["monthly_billing_report"]) == (True, True)
    again = (await billing.call(staff(is_superuser=True), "PUT", f"{path}/monthly_billing_report", report)).ok()
    assert again == on
    sql = "SELECT count(*) FROM billing.events WHERE stream_id = $1"
    assert await billing.runtime.pool.fetchval(sql, f"organisation-billing-{organisation_id}") == 2, (
        "a no-op records nothing"
    )

    # on account, an agreement is charged to the account, with no credits at all
    bought = await billing.call(member_of(organisation_id), "POST", "/api/permanent_schedule_agreements",
                                {"bitrate": 5, "duration_months": 1})  # fmt: skip
    assert bought.ok(201)["paid_by"] == "account"
    back = {"on_account": False}
    assert (await billing.call(staff(is_superuser=True), "PUT", f"{path}/account_billing", back)).ok()[
        "on_account"
    ] is False
    refused = await billing.call(member_of(organisation_id), "POST", "/api/permanent_schedule_agreements",
                                 {"bitrate": 5, "duration_months": 1})  # fmt: skip
    assert refused.status == 409, "back on credits, and it has none"

    assert (await billing.call(member_of(organisation_id), "PUT", f"{path}/account_billing", {})).status == 403
    unknown = f"/api/organisations/{new_organisation()}/monthly_billing_report"
    assert (await billing.call(staff(is_superuser=True), "PUT", unknown, report)).status == 404
    assert (await billing.call(staff(is_superuser=True), "PUT", f"{path}/monthly_billing_report", {})).status == 400


async def test_the_overview_shows_what_runs_and_is_paid_for(billing: BillingUnderTest) -> None:
    organisation_id, environment_id = await billing.known_organisation(), uuid.uuid4()
    await billing.call(staff(is_superuser=True), "POST", f"/api/organisations/{organisation_id}/credits",
                       {"amount": "500"})  # fmt: skip
    overview = f"/api/running_state_overview?organisation_id={organisation_id}"
    assert (await billing.call(staff(is_accounts_user=True), "GET", overview)).ok()["objects"] == [], "nothing runs"

    scope = {"organisation_id": organisation_id, "environment_id": environment_id}
    requested = EnvironmentRequested(**scope, name="studio", cloud_provider="aws", region="eu-west-1",
                                     instance_type="c5.large")  # fmt: skip
    running = EnvironmentStateChanged(**scope, previous_state="provisioning", state="running")
    at = datetime.now(UTC) - timedelta(minutes=5)
    for message in (requested, running):
        await billing.deliver(message, envelope_for(message, producer="environments", correlation_id="overview",
                                                    occurred_at=at))  # fmt: skip
    (await billing.call(member_of(organisation_id), "POST", "/api/permanent_schedule_agreements",
                        {"bitrate": 5, "duration_months": 1})).ok(201)  # fmt: skip

    async def shown() -> None:
        rows = (await billing.call(staff(is_accounts_admin=True), "GET", overview)).ok()["objects"]
        assert rows == [{"organisation_id": organisation_id, "currency": "usd", "on_account": False,
                         "running_environments": 1, "running_instance_types": "c5.large", "active_agreements": 1,
                         "assigned_agreements": 0, "credits_left": "425.00"}]  # fmt: skip

    await eventually(shown, within=10)
    assert (await billing.call(member_of(organisation_id), "GET", overview)).status == 403
