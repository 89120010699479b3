"""Consumption reports (A020, A022) and the hourly breakdown (A021), from environments' events through the hourly
run and from agreements bought: in the current currency, inclusive UTC days, totals exactly the sum of the lines."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from billing.context import runner
from billing.service_layer.metering import close_due
from common.contracts import Envelope, Message, envelope_for
from environments.contract.events import EnvironmentRequested, EnvironmentStateChanged
from gateway.contract.events import OrganisationUpdated
from tests.integration.billing.conftest import BillingUnderTest, staff
from tests.support.service_under_test import member_of
from tests.support.waiting import eventually

T = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)


def sent(message: Message, hours: float) -> Envelope:
    return envelope_for(message, producer="environments", correlation_id="report-test",
                        occurred_at=T + timedelta(hours=hours))  # fmt: skip


async def test_reports_sum_metered_hours_and_agreements_in_the_current_currency(billing: BillingUnderTest) -> None:
    organisation_id, environment_id = await billing.known_organisation(), uuid.uuid4()
    await billing.call(staff(is_superuser=True), "POST", f"/api/organisations/{organisation_id}/credits",
                       {"amount": "100"})  # fmt: skip
    scope = {"organisation_id": organisation_id, "environment_id": environment_id}
    requested = EnvironmentRequested(**scope, name="studio", cloud_provider="aws", region="eu-west-1",
                                     instance_type="c5.large")  # fmt: skip
    running = EnvironmentStateChanged(**scope, previous_state="provisioning", state="running")
    await billing.deliver(requested, sent(requested, -0.1))
    await billing.deliver(running, sent(running, 0.25))

    async def observed() -> None:
        sql = "SELECT count(*) FROM billing.environment_changes WHERE environment_id = $1"
        assert await billing.runtime.pool.fetchval(sql, environment_id) == 1

    await eventually(observed, within=10)
    await close_due(runner(billing.runtime), billing.runtime.pool, "billing", T + timedelta(hours=3))
    member = member_of(organisation_id, "monitor")
    (await billing.call(member_of(organisation_id), "POST", "/api/permanent_schedule_agreements",
                        {"bitrate": 5, "duration_months": 1})).ok(201)  # fmt: skip

    today, last = datetime.now(UTC).date(), (T + timedelta(hours=3)).date()
    dates = f"start_date={today}&end_date={last}"
    report = (await billing.call(member, "GET", f"/api/consumption_report?{dates}")).ok()
    # 45 min at 0.45 → 0.34, then two hours at 0.45; one agreement at 75.00
    assert report["currency"] == "usd" and report["total"] == "76.24"
    assert [(i["item"], i["instance_type"], i["hours"], i["count"], i["amount"]) for i in report["items"]] == [
        ("environment_hours", "c5.large", "2.7500", 0, "1.24"),
        ("permanent_schedule", None, "0.0000", 1, "75.00"),
    ]

    v2 = (await billing.call(member, "GET", f"/api/v2/consumption_report?{dates}")).ok()
    assert v2["total"] == report["total"] and v2["items"] == report["items"]
    assert sum(Decimal(d["total"]) for d in v2["days"]) == Decimal(v2["total"])
    assert [d["date"] for d in v2["days"]] == sorted({str(today), *(str((T + timedelta(hours=h)).date())
                                                                    for h in range(3))})  # fmt: skip

    hourly = (await billing.call(member, "GET", f"/api/consumption_report/hourly?{dates}&items_per_page=3")).ok()
    assert hourly["meta"]["total_count"] == 4 and len(hourly["objects"]) == 3
    rest = (await billing.call(member, "GET", f"/api/consumption_report/hourly?{dates}&items_per_page=3&page=2")).ok()
    lines = [*hourly["objects"], *rest["objects"]]
    assert sum(Decimal(line["amount"]) for line in lines) == Decimal(report["total"])
    assert {line["item"] for line in lines} == {"environment_hours", "permanent_schedule"}

    # only the days asked for: the metered hours alone, then nothing
    metered = await billing.call(member, "GET", f"/api/consumption_report?start_date={T.date()}&end_date={last}")
    assert metered.ok()["total"] == ("1.24" if T.date() > today else "76.24")
    before = await billing.call(member, "GET", "/api/consumption_report?start_date=2020-01-01&end_date=2020-12-31")
    assert before.ok()["items"] == [] and before.ok()["total"] == "0.00"
    # another organisation sees none of it; in another currency, neither does this one
    other = (await billing.call(member_of(organisation_id + 1), "GET", f"/api/consumption_report?{dates}")).ok()
    assert other["total"] == "0.00"
    await billing.publish(OrganisationUpdated(organisation_id=organisation_id, currency="gbp"))

    async def in_pounds() -> None:
        reply = (await billing.call(member, "GET", f"/api/consumption_report?{dates}")).ok()
        assert (reply["currency"], reply["total"]) == ("gbp", "0.00")

    await eventually(in_pounds, within=10)


async def test_dates_are_days_in_order_and_pages_at_most_500(billing: BillingUnderTest) -> None:
    member = member_of(await billing.known_organisation(), "monitor")
    for path in ("/api/consumption_report", "/api/v2/consumption_report", "/api/consumption_report/hourly"):
        assert (await billing.call(member, "GET", path)).status == 200, "a default range"
        for query, field in (
            ("start_date=2020-8-25", "start_date"),
            ("start_date=2020-02-30", "start_date"),
            ("end_date=2020-08-25T00:00:00", "end_date"),
            ("start_date=2020-08-26&end_date=2020-08-25", "end_date"),
        ):
            reply = await billing.call(member, "GET", f"{path}?{query}")
            assert reply.status == 400 and field in [e["parameter"] for e in reply.body["errors"]], (path, reply.body)
        for query in ("start_date=2020-08-25&end_date=2020-08-25", "start_date=0001-01-01&end_date=9999-12-31"):
            assert (await billing.call(member, "GET", f"{path}?{query}")).status == 200, query
    hourly = "/api/consumption_report/hourly"
    for query, field in (("items_per_page=501", "items_per_page"), ("items_per_page=0", "items_per_page"),
                         ("page=0", "page"), ("nonsense=1", "nonsense")):  # fmt: skip
        reply = await billing.call(member, "GET", f"{hourly}?{query}")
        assert reply.status == 400 and field in [e["parameter"] for e in reply.body["errors"]], reply.body
    assert (await billing.call(member, "GET", f"{hourly}?items_per_page=500")).ok()["meta"]["limit"] == 500
    assert (await billing.call(staff(is_superuser=True), "GET", "/api/consumption_report")).status == 409
    assert (await billing.call(staff(is_accounts_admin=True), "GET", "/api/consumption_report")).status == 403
