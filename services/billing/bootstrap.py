"""Wires billing (billing details, prices, credits, metering and agreements so far): settings, routes,
consumers, the hourly consumption run (which also finishes expired agreements), the default prices."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from billing.adapters.integration import translate
from billing.config import SCHEMA, BillingSettings
from billing.context import runner
from billing.contract import CONTRACT
from billing.entrypoints.consumers import consumers
from billing.entrypoints.http import accounts, agreements, credits, details, pricing, reports
from billing.entrypoints.workers import meter_forever
from billing.service_layer.pricing import seed_defaults
from common.access.mount import mount
from common.http.app import Runtime, ServiceSpec
from switchyard.contracts import TOPOLOGY

MIGRATIONS = Path(__file__).parent / "migrations"


def setup_routes(app: web.Application) -> None:
    mount(
        app,
        CONTRACT.routes,
        {
            **details.HANDLERS,
            **pricing.HANDLERS,
            **credits.HANDLERS,
            **agreements.HANDLERS,
            **reports.HANDLERS,
            **accounts.HANDLERS,
        },
    )


async def seed_default_prices(runtime: Runtime) -> None:
    await seed_defaults(runner(runtime))


def spec(settings: BillingSettings | None = None) -> ServiceSpec:
    return ServiceSpec(
        name="billing",
        schema=SCHEMA,
        migrations=MIGRATIONS,
        settings=settings or BillingSettings(),
        setup_routes=setup_routes,
        topology=TOPOLOGY,
        translate=translate,
        consumers=consumers,
        workers=[meter_forever],
        on_start=[seed_default_prices],
    )
