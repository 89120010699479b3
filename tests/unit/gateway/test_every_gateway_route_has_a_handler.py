"""Every route the role matrix gives the gateway is served by the gateway itself, and nothing else is."""

from __future__ import annotations

from gateway.contract.routes import ROUTES as GATEWAY_ROUTES
from gateway.entrypoints.http.routes import local_handlers


def test_every_gateway_route_has_a_handler_and_every_handler_a_route() -> None:
    assert set(local_handlers()) == {r.name for r in GATEWAY_ROUTES}
