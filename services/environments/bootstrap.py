"""Wires the environments service: settings, routes, consumers, the relay, the sweeper and the driver."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from common.access.mount import mount
from common.http.app import ServiceSpec
from environments.adapters.integration import translate
from environments.config import EnvironmentsSettings
from environments.context import SCHEMA, close_environments, open_environments
from environments.contract import CONTRACT
from environments.entrypoints.consumers import consumers
from environments.entrypoints.http import catalogue, environments, lists
from environments.entrypoints.workers import bring_agents_back, keep_machines_up, sweep_forever
from switchyard.contracts import TOPOLOGY

MIGRATIONS = Path(__file__).parent / "migrations"


def setup_routes(app: web.Application) -> None:
    mount(app, CONTRACT.routes, {**environments.HANDLERS, **lists.HANDLERS, **catalogue.HANDLERS})


def spec(settings: EnvironmentsSettings | None = None) -> ServiceSpec:
    return ServiceSpec(
        name="environments",
        schema=SCHEMA,
        migrations=MIGRATIONS,
        settings=settings or EnvironmentsSettings(),
        setup_routes=setup_routes,
        topology=TOPOLOGY,
        translate=translate,
        consumers=consumers,
        workers=[sweep_forever, keep_machines_up, bring_agents_back],
        on_start=[open_environments],
        on_stop=[close_environments],
    )
