"""The hourly breakdown's page (A021) exactly: its lines' fields and values, their order with purchases among the
metered hours, the paging metadata and links, filters and orderings."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from billing.adapters.event_codec import encode
from billing.context import runner
from billing.domain import agreements
from billing.domain.events import AgreementPurchased, ConsumptionRecorded
from billing.entrypoints.http.reports import HOURLY
from common.unit_of_work import Work
from tests.integration.billing.conftest import BillingUnderTest
from tests.support.service_under_test import member_of

E1, E2, PURCHASE = (uuid.UUID(int=n) for n in (1, 2, 3))
PATH = "/api/consumption_report/hourly"
DATES = "start_date=2024-03-01&end_date=2024-03-02"


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 3, 1, tzinfo=UTC) + timedelta(hours=hour, minutes=minute)


def line(hour: str, item: str, resource: uuid.UUID, instance_type: str | None, seconds: str, hours: str, amount: str,
         bitrate: int | None = None, months: int | None = None, count: int = 0) -> dict[str, Any]:  # fmt: skip
    return {"hour": hour, "item": item, "resource_id": str(resource), "instance_type": instance_type,
            "bitrate": bitrate, "duration_months": months, "currency": "usd", "seconds": seconds, "hours": hours,
            "count": count, "amount": amount}  # fmt: skip


ENV_E1_10 = line("2024-03-01T10:00:00Z", "environment_hours", E1, "c5.large", "3600", "1.0000", "0.45")
ENV_E2_10 = line("2024-03-01T10:00:00Z", "environment_hours", E2, "c5.xlarge", "900.5", "0.2501", "0.23")
OUT_E1_10 = line("2024-03-01T10:00:00Z", "output_hours", E1, None, "1800", "0.5000", "0.15")
AGREEMENTS_10 = line("2024-03-01T10:00:00Z", "permanent_schedule", PURCHASE, None, "0", "0.0000", "150.00", 5, 1, 2)
ENV_E1_11 = line("2024-03-01T11:00:00Z", "environment_hours", E1, "c5.large", "3600", "1.0000", "0.45")
ALL = [ENV_E1_10, ENV_E2_10, OUT_E1_10, AGREEMENTS_10, ENV_E1_11]


async def _recorded(billing: BillingUnderTest, organisation_id: int) -> None:
    """Lines and purchases as events (the rebuild test compares every projection with its events')."""
    metered = [
        (at(10), "environment_hours", E1, "c5.large", "3600", "0.45"),
        (at(10), "environment_hours", E2, "c5.xlarge", "900.5", "0.225"),
        (at(10), "output_hours", E1, None, "1800", "0.10"),
        (at(10), "output_hours", E1, None, "0", "0.05"),  # an adjustment: the same line of the page
        (at(11), "environment_hours", E1, "c5.large", "3600", "0.45"),
        (at(-1), "environment_hours", E1, "c5.large", "3600", "0.45"),  # the day before the first
        (at(48), "environment_hours", E1, "c5.large", "3600", "0.45"),  # the day after the last
    ]
    lines = [ConsumptionRecorded(organisation_id=organisation, hour=at(50), usage_hour=hour, kind="usage", item=item,
                                 environment_id=resource, instance_type=instance_type, currency=currency,
                                 seconds=Decimal(seconds), amount=Decimal(amount))
             for organisation, currency, (hour, item, resource, instance_type, seconds, amount) in [
                 *((organisation_id, "usd", m) for m in metered), (organisation_id, "gbp", metered[0]),
                 (organisation_id + 1, "usd", metered[0])]]  # fmt: skip
    bought = [AgreementPurchased(organisation_id=organisation_id, agreement_id=uuid.uuid4(), purchase_id=PURCHASE,
                                 bitrate=5, duration_months=1, currency="usd", price=Decimal(75), paid_by="credits",
                                 purchased_at=at(10, minute), expires_at=datetime(2100, 1, 1, tzinfo=UTC))
              for minute in (30, 45)]  # fmt: skip

    async def unit(work: Work) -> None:
        await work.start(f"consumption-{organisation_id}-hourly-page", [encode(line) for line in lines])
        for agreement in bought:
            await work.start(agreements.stream_id(agreement.agreement_id), [encode(agreement)])

    await runner(billing.runtime)(unit)


async def test_the_page_answers_each_line_in_order_with_its_paging(billing: BillingUnderTest) -> None:
    organisation_id = await billing.known_organisation()
    await _recorded(billing, organisation_id)
    member = member_of(organisation_id, "monitor")

    async def page(query: str) -> Any:
        return (await billing.call(member, "GET", f"{PATH}?{DATES}&{query}")).ok()

    whole = await page("items_per_page=500")
    assert whole["meta"] == {"limit": 500, "offset": 0, "total_count": 5, "next": None, "previous": None}
    assert whole["objects"] == ALL

    first, last = await page("items_per_page=2"), await page("items_per_page=2&page=3")
    link = f"{PATH}?{DATES}&items_per_page=2"
    assert first["meta"] == {"limit": 2, "offset": 0, "total_count": 5, "next": f"{link}&limit=2&offset=2",
                             "previous": None}  # fmt: skip
    assert last["meta"] == {"limit": 2, "offset": 4, "total_count": 5, "next": None,
                            "previous": f"{link}&page=3&limit=2&offset=2"}  # fmt: skip
    assert (first["objects"], last["objects"]) == (ALL[:2], ALL[4:])

    for query, expected in (
        ("item=environment_hours", [ENV_E1_10, ENV_E2_10, ENV_E1_11]),
        (f"resource_id={E1}", [ENV_E1_10, OUT_E1_10, ENV_E1_11]),
        ("instance_type__startswith=c5.x", [ENV_E2_10]),
        ("bitrate=5", [AGREEMENTS_10]),
        ("hour__gte=2024-03-01T11:00:00Z", [ENV_E1_11]),
        ("order_by=-hour", [ENV_E1_11, ENV_E1_10, ENV_E2_10, OUT_E1_10, AGREEMENTS_10]),
        ("order_by=-amount", [AGREEMENTS_10, ENV_E1_10, ENV_E1_11, ENV_E2_10, OUT_E1_10]),
        ("order_by=instance_type,-hour", [ENV_E1_11, ENV_E1_10, ENV_E2_10, OUT_E1_10, AGREEMENTS_10]),
    ):
        filtered = await page(query)
        assert (filtered["meta"]["total_count"], filtered["objects"]) == (len(expected), expected), query


def _scans_under_a_subquery(plan: dict[str, Any], relation: str, within: bool = False) -> list[bool]:
    found = [within] if plan.get("Relation Name") == relation else []
    within = within or plan["Node Type"] == "Subquery Scan"
    return found + [s for child in plan.get("Plans", []) for s in _scans_under_a_subquery(child, relation, within)]


async def test_the_metered_lines_are_read_as_a_plain_branch_of_the_union(billing: BillingUnderTest) -> None:
    """A subquery scan would hide consumption_hourly's key order from the page: every line of the period sorted."""
    sql = (f"EXPLAIN (FORMAT JSON) SELECT * FROM {HOURLY.source} WHERE organisation_id = 1 AND currency = 'usd'"
           f" ORDER BY hour, item, resource_id LIMIT 500")  # fmt: skip
    plan = (await billing.runtime.pool.fetchval(sql))[0]["Plan"]
    assert _scans_under_a_subquery(plan, "consumption_hourly") == [False]
