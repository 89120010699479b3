"""The one table: every route of every service. Services contribute their part; nothing else is routable."""

from __future__ import annotations

from common.access.environments_routes import ENVIRONMENTS_ROUTES
from common.access.gateway_routes import GATEWAY_ROUTES
from common.access.rules import Route

ROUTES: tuple[Route, ...] = GATEWAY_ROUTES + ENVIRONMENTS_ROUTES


def routes_of(service: str) -> tuple[Route, ...]:
    return tuple(r for r in ROUTES if r.service == service)


def _check_unique() -> None:
    names = [r.name for r in ROUTES]
    duplicates = {n for n in names if names.count(n) > 1}
    keys = [(r.method, r.path) for r in ROUTES]
    clashes = {k for k in keys if keys.count(k) > 1}
    if duplicates or clashes:
        raise ValueError(f"route table has duplicates: {duplicates or clashes}")


_check_unique()
