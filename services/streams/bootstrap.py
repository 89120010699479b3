"""Wires streams (inputs, outputs and stream state): settings, routes, consumers."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from common.access.mount import mount
from common.http.app import ServiceSpec
from common.organisation_deletions import organisation_deletions
from common.projections import Projection
from gateway.contract.events import OrganisationDeleted
from streams.config import SCHEMA, StreamsSettings
from streams.contract import CONTRACT
from switchyard.contracts import TOPOLOGY

MIGRATIONS = Path(__file__).parent / "migrations"
PROJECTIONS: tuple[Projection, ...] = ()


def setup_routes(app: web.Application) -> None:
    mount(app, CONTRACT.routes, {})


def spec(settings: StreamsSettings | None = None) -> ServiceSpec:
    return ServiceSpec(
        name="streams",
        schema=SCHEMA,
        migrations=MIGRATIONS,
        settings=settings or StreamsSettings(),
        setup_routes=setup_routes,
        topology=TOPOLOGY,
        consumers=lambda runtime: [organisation_deletions(runtime, OrganisationDeleted)],
    )
