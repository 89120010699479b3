"""No service can serve a route that is not in the role matrix, and every matrix route is served."""

from __future__ import annotations

import pytest
from aiohttp import web

from switchyard.contracts import ROUTES, routes_of
from switchyard.services import NAMES
from tests.support.services import spec_of

INFRASTRUCTURE = {"/health", "/ready", "/metrics"}
GATEWAY_DOCS = {"/api/openapi.json", "/api/docs", "/api/docs/static"}


def app_routes(service: str) -> set[tuple[str, str]]:
    app = web.Application()
    spec_of(service, SWITCHYARD_INTERNAL_KEY="x").setup_routes(app)
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
