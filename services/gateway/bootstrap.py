"""Wires the gateway: settings, routes, consumers, the relay and its own resources."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from common.http.app import ServiceSpec
from gateway.adapters.integration import translate
from gateway.config import GatewaySettings
from gateway.context import SCHEMA, close_gateway, open_gateway, watch_principals
from gateway.entrypoints.consumers import consumers
from gateway.entrypoints.http.authn import authentication_middleware
from gateway.entrypoints.http.docs import register_docs
from gateway.entrypoints.http.routes import mount_routes
from switchyard.contracts import TOPOLOGY

MIGRATIONS = Path(__file__).parent / "migrations"


def setup_routes(app: web.Application) -> None:
    mount_routes(app)
    register_docs(app)


def spec(settings: GatewaySettings | None = None) -> ServiceSpec:
    settings = settings or GatewaySettings()
    return ServiceSpec(
        name="gateway",
        schema=SCHEMA,
        migrations=MIGRATIONS,
        settings=settings,
        setup_routes=setup_routes,
        topology=TOPOLOGY,
        translate=translate,
        consumers=consumers,
        on_start=[open_gateway],
        workers=[watch_principals],
        on_stop=[close_gateway],
        authenticate=authentication_middleware,
        metrics_port=settings.metrics_port,
        trusted_proxies=settings.trusted_proxies,
    )
