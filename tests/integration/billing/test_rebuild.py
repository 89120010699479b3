"""Billing's projections rebuild identically from its events (run after the other billing tests)."""

from __future__ import annotations

from billing.adapters.projections import PROJECTIONS
from common.projections import Projection
from tests.integration.billing.conftest import BillingUnderTest
from tests.support.rebuild import drift_at_rest


async def test_the_projections_rebuild_identically(billing: BillingUnderTest) -> None:
    projections: list[Projection] = list(PROJECTIONS)
    drift = await drift_at_rest(billing.runtime.pool, "billing", "billing_rebuild", projections)
    assert drift == {"billing_details": 0, "price_versions": 0, "credits": 0}
