"""Wires billing (prices, credits, agreements and consumption): settings, routes, consumers."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from billing.config import SCHEMA, BillingSettings
from billing.contract import CONTRACT
from common.access.mount import mount
from common.http.app import ServiceSpec
from common.organisation_deletions import organisation_deletions
from common.projections import Projection
from gateway.contract.events import OrganisationDeleted
from switchyard.contracts import TOPOLOGY

MIGRATIONS = Path(__file__).parent / "migrations"
PROJECTIONS: tuple[Projection, ...] = ()


def setup_routes(app: web.Application) -> None:
    mount(app, CONTRACT.routes, {})


def spec(settings: BillingSettings | None = None) -> ServiceSpec:
    return ServiceSpec(
        name="billing",
        schema=SCHEMA,
        migrations=MIGRATIONS,
        settings=settings or BillingSettings(),
        setup_routes=setup_routes,
        topology=TOPOLOGY,
        consumers=lambda runtime: [organisation_deletions(runtime, OrganisationDeleted)],
    )
