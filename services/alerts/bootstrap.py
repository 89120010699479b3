"""Wires alerts (alerts, their evaluation, alert methods and notifications): settings, routes, consumers, the
relay's translation and the background loops."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from alerts.adapters.integration import translate
from alerts.config import SCHEMA, AlertsSettings
from alerts.contract import CONTRACT
from alerts.entrypoints.consumers import consumers
from alerts.entrypoints.http import alert_methods, alerts, notifications
from alerts.entrypoints.workers import evaluate_forever, sweep_forever
from common.access.mount import mount
from common.http.app import ServiceSpec
from switchyard.contracts import TOPOLOGY

MIGRATIONS = Path(__file__).parent / "migrations"


def setup_routes(app: web.Application) -> None:
    mount(app, CONTRACT.routes, {**alert_methods.HANDLERS, **alerts.HANDLERS, **notifications.HANDLERS})


def spec(settings: AlertsSettings | None = None) -> ServiceSpec:
    return ServiceSpec(
        name="alerts",
        schema=SCHEMA,
        migrations=MIGRATIONS,
        settings=settings or AlertsSettings(),
        setup_routes=setup_routes,
        topology=TOPOLOGY,
        translate=translate,
        consumers=consumers,
        workers=[evaluate_forever, sweep_forever],
    )
