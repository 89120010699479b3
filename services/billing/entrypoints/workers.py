"""Billing's background loop: the hourly consumption run, which closes every complete hour, missed ones first,
and finishes expired agreements; then the account charges (consumption and purchases) the payment provider has
not settled yet."""

from __future__ import annotations

from datetime import UTC, datetime

from billing.adapters.payments import payment_provider
from billing.config import SCHEMA, BillingSettings
from billing.context import runner
from billing.service_layer.metering import close_due
from billing.service_layer.payments import collect, collect_consumption
from common.http.app import Runtime
from common.logging import get_logger
from common.ticks import every

log = get_logger(__name__)


async def meter_forever(runtime: Runtime) -> None:
    settings = runtime.settings
    assert isinstance(settings, BillingSettings)
    if not settings.metering_seconds:
        return
    provider = payment_provider(settings)

    async def run() -> None:
        now = datetime.now(UTC)
        if closed := await close_due(runner(runtime), runtime.pool, SCHEMA, now):
            log.info("consumption_hours_closed", hours=closed)
        if answered := await collect_consumption(runner(runtime), runtime.pool, SCHEMA, provider, now):
            log.info("consumption_charges_answered", answers=answered, provider=provider.name)
        if settled := await collect(runner(runtime), runtime.pool, SCHEMA, provider):
            log.info("account_charges_settled", charges=settled, provider=provider.name)

    await every(settings.metering_seconds, run, "consumption_run_failed", wait_first=False)
