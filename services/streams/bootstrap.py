"""Wires streams (dashboard groups, inputs and outputs so far): settings, routes, consumers, the relay and the chase."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from common.access.mount import mount
from common.http.app import ServiceSpec
from streams.adapters.integration import translate
from streams.config import SCHEMA, StreamsSettings
from streams.contract import CONTRACT
from streams.entrypoints.consumers import consumers
from streams.entrypoints.http import channels, dashboard_groups, inputs, outputs, statistics, status
from streams.entrypoints.workers import chase_forever, prune_statistics_forever, withdraw_forever
from switchyard.contracts import TOPOLOGY

MIGRATIONS = Path(__file__).parent / "migrations"


def setup_routes(app: web.Application) -> None:
    mount(
        app,
        CONTRACT.routes,
        {
            **dashboard_groups.HANDLERS,
            **inputs.HANDLERS,
            **outputs.HANDLERS,
            **statistics.HANDLERS,
            **channels.HANDLERS,
            **status.HANDLERS,
        },
    )


def spec(settings: StreamsSettings | None = None) -> ServiceSpec:
    return ServiceSpec(
        name="streams",
        schema=SCHEMA,
        migrations=MIGRATIONS,
        settings=settings or StreamsSettings(),
        setup_routes=setup_routes,
        topology=TOPOLOGY,
        translate=translate,
        consumers=consumers,
        workers=[chase_forever, withdraw_forever, prune_statistics_forever],
    )
