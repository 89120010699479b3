"""Wires alerts (alerts, their evaluation, alert methods, notifications, deliveries and Slack's actions):
settings, routes, consumers, the relay's translation, the background loops, and the ``AlertMuting`` that Slack's
"Mute for 1 h" calls."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from aiohttp import web

from alerts.adapters.integration import translate
from alerts.adapters.muting import muting_of
from alerts.config import SCHEMA, AlertsSettings
from alerts.contract import CONTRACT
from alerts.entrypoints.consumers import consumers
from alerts.entrypoints.delivery_worker import deliver_forever
from alerts.entrypoints.http import alert_methods, alerts, deliveries, notifications, slack_actions
from alerts.entrypoints.workers import evaluate_forever, sweep_forever
from common import full_sets
from common.access.mount import mount
from common.http.app import ServiceSpec
from switchyard.contracts import TOPOLOGY

MIGRATIONS = Path(__file__).parent / "migrations"


HANDLERS = {
    **alert_methods.HANDLERS,
    **alerts.HANDLERS,
    **notifications.HANDLERS,
    **deliveries.HANDLERS,
    **slack_actions.HANDLERS,
}


def setup_routes(app: web.Application, muting: slack_actions.MutingOf | None = None) -> None:
    mount(app, CONTRACT.routes, HANDLERS)
    if muting is not None:
        app[slack_actions.MUTING] = muting


def spec(settings: AlertsSettings | None = None, muting: slack_actions.MutingOf = muting_of) -> ServiceSpec:
    """``muting`` makes the ``AlertMuting`` Slack's "Mute for 1 h" calls from the service's runtime (a test may
    record the calls instead of muting)."""
    return ServiceSpec(
        name="alerts",
        schema=SCHEMA,
        migrations=MIGRATIONS,
        settings=settings or AlertsSettings(),
        setup_routes=partial(setup_routes, muting=muting),
        topology=TOPOLOGY,
        translate=translate,
        replacement_key=full_sets.replacement_key,
        consumers=consumers,
        workers=[evaluate_forever, sweep_forever, deliver_forever],
    )
