"""Wires scheduler (schedules and the full schedule sets pushed to agents): settings, routes, consumers, the relay
and the chase."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from common import full_sets
from common.access.mount import mount
from common.http.app import ServiceSpec
from common.projections import Projection
from scheduler.adapters.integration import translate
from scheduler.adapters.projections import PROJECTIONS as ALL_PROJECTIONS
from scheduler.config import SCHEMA, SchedulerSettings
from scheduler.contract import CONTRACT
from scheduler.entrypoints.consumers import consumers
from scheduler.entrypoints.http import environment_schedules, event_center, events, history, schedules, subscriptions
from scheduler.entrypoints.workers import chase_forever, record_runs_forever, withdraw_forever
from switchyard.contracts import TOPOLOGY

MIGRATIONS = Path(__file__).parent / "migrations"
PROJECTIONS: tuple[Projection, ...] = tuple(ALL_PROJECTIONS)


def setup_routes(app: web.Application) -> None:
    mount(app, CONTRACT.routes, {**schedules.HANDLERS, **environment_schedules.HANDLERS, **events.HANDLERS,
                                    **subscriptions.HANDLERS, **event_center.HANDLERS, **history.HANDLERS})  # fmt: skip


def spec(settings: SchedulerSettings | None = None) -> ServiceSpec:
    return ServiceSpec(
        name="scheduler",
        schema=SCHEMA,
        migrations=MIGRATIONS,
        settings=settings or SchedulerSettings(),
        setup_routes=setup_routes,
        topology=TOPOLOGY,
        translate=translate,
        replacement_key=full_sets.replacement_key,
        consumers=consumers,
        workers=[chase_forever, withdraw_forever, record_runs_forever],
    )
