"""Wires alerts (alert methods, notifications and deliveries so far): settings, routes, consumers, the delivery
worker."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from alerts.config import SCHEMA, AlertsSettings
from alerts.contract import CONTRACT
from alerts.entrypoints.consumers import consumers
from alerts.entrypoints.http import alert_methods, deliveries, notifications
from alerts.entrypoints.workers import deliver_forever
from common.access.mount import mount
from common.http.app import ServiceSpec
from switchyard.contracts import TOPOLOGY

MIGRATIONS = Path(__file__).parent / "migrations"


def setup_routes(app: web.Application) -> None:
    mount(app, CONTRACT.routes, {**alert_methods.HANDLERS, **notifications.HANDLERS, **deliveries.HANDLERS})


def spec(settings: AlertsSettings | None = None) -> ServiceSpec:
    return ServiceSpec(
        name="alerts",
        schema=SCHEMA,
        migrations=MIGRATIONS,
        settings=settings or AlertsSettings(),
        setup_routes=setup_routes,
        topology=TOPOLOGY,
        consumers=consumers,
        workers=[deliver_forever],
    )
