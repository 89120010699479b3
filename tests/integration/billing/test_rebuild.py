"""Billing's projections rebuild identically from its events (run after the other billing tests)."""

from __future__ import annotations

from billing.adapters.projections import PROJECTIONS
from common.projections import Projection
from tests.integration.billing.conftest import BillingUnderTest
from tests.support.rebuild import drift_at_rest


async def test_the_projections_rebuild_identically(billing: BillingUnderTest) -> None:
    projections: list[Projection] = list(PROJECTIONS)
    drift = await drift_at_rest(billing.runtime.pool, "billing", "billing_rebuild", projections)
    tables = ["billing_details", "price_versions", "credits", "metered_environments", "environment_changes",
              "usage_intervals", "metered_outputs", "output_changes", "output_intervals", "invitation_guests",
              "guest_billing", "consumption_lines", "consumption_hourly", "closed_hours", "consumption_charges",
              "agreements", "account_charges", "billing_settings"]  # fmt: skip
    assert drift == dict.fromkeys(tables, 0)
