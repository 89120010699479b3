"""Billing's projections rebuild identically from its events, and the rebuilt usage reprices every closed hour of
stream and output hours to the cent (run after the other billing tests)."""

from __future__ import annotations

from billing.adapters.price_reads import versions
from billing.adapters.projections import PROJECTIONS
from billing.domain.hours import HOUR, Span
from billing.service_layer.consumption_lines import lines
from common.projections import Projection, rebuild_into
from tests.integration.billing.conftest import BillingUnderTest
from tests.support.rebuild import drift_at_rest

REBUILT = "billing_reprice"


async def test_the_projections_rebuild_identically(billing: BillingUnderTest) -> None:
    projections: list[Projection] = list(PROJECTIONS)
    drift = await drift_at_rest(billing.runtime.pool, "billing", "billing_rebuild", projections)
    tables = ["billing_details", "price_versions", "credits", "metered_environments", "environment_changes",
              "usage_intervals", "metered_endpoints", "endpoint_changes", "endpoint_intervals", "invitation_guests",
              "guest_billing", "consumption_lines", "consumption_hourly", "consumption_hourly_counts", "closed_hours",
              "consumption_charges", "agreements", "account_charges", "billing_settings"]  # fmt: skip
    assert drift == dict.fromkeys(tables, 0)


async def test_a_rebuild_reprices_every_closed_hour_of_stream_and_output_hours_to_the_cent(
    billing: BillingUnderTest,
) -> None:
    pool = billing.runtime.pool
    await rebuild_into(pool, "billing", REBUILT, PROJECTIONS)
    try:
        async with pool.acquire() as db:
            metered = await db.fetch(
                f"""SELECT l.organisation_id, min(l.usage_hour) AS first, max(c.hour) AS closed,
                           array_agg(DISTINCT l.environment_id) AS environments, min(l.currency) AS currency
                    FROM {REBUILT}.consumption_lines l JOIN {REBUILT}.closed_hours c USING (organisation_id)
                    WHERE l.organisation_id IN (SELECT organisation_id FROM {REBUILT}.consumption_lines
                                                WHERE item IN ('stream_hours', 'output_hours'))
                    GROUP BY l.organisation_id"""
            )  # fmt: skip
            assert {"stream_hours", "output_hours"} <= {
                r["item"] for r in await db.fetch(f"SELECT DISTINCT item FROM {REBUILT}.consumption_lines")
            }, "the other billing tests metered both sides"
            default = await versions(db, REBUILT, None, None)
            for m in metered:
                prices = default, await versions(db, REBUILT, m["organisation_id"], None)
                since = dict.fromkeys(m["environments"], m["first"])
                repriced = await lines(db, REBUILT, m["organisation_id"], m["closed"],
                                       Span(m["first"], m["closed"] + HOUR), since, m["currency"], prices)  # fmt: skip
                assert repriced == [], m["organisation_id"]
    finally:
        await pool.execute(f"DROP SCHEMA {REBUILT} CASCADE")
