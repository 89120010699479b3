"""No service can serve a route that is not in the role matrix, and every matrix route is served."""

from __future__ import annotations

import importlib

import pytest
from aiohttp import web

from common.settings import ServiceSettings
from switchyard.contracts import ROUTES, routes_of
from switchyard.services import NAMES

INFRASTRUCTURE = {"/health", "/ready", "/metrics"}
GATEWAY_DOCS = {"/api/openapi.json", "/api/docs", "/api/docs/static"}


def app_routes(service: str) -> set[tuple[str, str]]:
    bootstrap = importlib.import_module(f"{service}.bootstrap")
    settings_module = importlib.import_module(f"{service}.config")
    settings_class = next(
        value for value in vars(settings_module).values()
        if isinstance(value, type) and issubclass(value, ServiceSettings) and value is not ServiceSettings
    )  # fmt: skip
    app = web.Application()
    bootstrap.spec(settings_class(SWITCHYARD_INTERNAL_KEY="x")).setup_routes(app)
    return {
        (route.method, route.resource.canonical)
        for route in app.router.routes()
        if route.method != "HEAD" and route.resource is not None
    }


@pytest.mark.parametrize("service", NAMES)
def test_a_service_serves_exactly_its_matrix_routes(service: str) -> None:
    served = {(m, p) for m, p in app_routes(service) if p not in INFRASTRUCTURE | GATEWAY_DOCS}
    expected = {(r.method, r.path) for r in (ROUTES if service == "gateway" else routes_of(service))}
    assert served == expected, {"not in the matrix": served - expected, "not served": expected - served}
