"""Mounting a service's handlers at the routes the matrix gives it, each re-checking the route's rule."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence

from aiohttp import web

from common.access.rules import Route, decide
from common.http.principal import principal_of
from common.http.problems import ABOUT_BLANK, CONSTRAINT_VIOLATION_TYPES, forbidden, not_found, unauthorized
from common.http.text import storable

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
ROUTE = web.RequestKey("route", Route)


def guard(route: Route, handler: Handler) -> Handler:
    async def guarded(request: web.Request) -> web.StreamResponse:
        decision = decide(route, principal_of(request))
        if decision == "unauthenticated":
            raise unauthorized()
        if decision == "forbidden":
            raise forbidden(f"{route.summary}: allowed to {', '.join(a.describe() for a in route.allow)}")
        if not all(storable(value) for value in request.match_info.values()):
            raise not_found()
        request[ROUTE] = route
        return await handler(request)

    guarded.__name__ = handler.__name__
    for attribute, value in vars(handler).items():
        setattr(guarded, attribute, value)
    return guarded


def mount(app: web.Application, routes: Sequence[Route], handlers: Mapping[str, Handler]) -> None:
    """Every route of a service's contract needs a handler and every handler a route, or the service won't start."""
    service = ", ".join(sorted({r.service for r in routes})) or "a service without routes"
    missing = {r.name for r in routes} - set(handlers)
    unknown = set(handlers) - {r.name for r in routes}
    if missing or unknown:
        raise RuntimeError(
            f"{service}: routes without handlers {sorted(missing)}, handlers without routes {sorted(unknown)}"
        )
    for route in routes:
        app.router.add_route(route.method, route.path, guard(route, handlers[route.name]), name=route.name)
    record_constraint_violation_types(app, routes)


def record_constraint_violation_types(app: web.Application, routes: Sequence[Route]) -> None:
    """Where the error middleware finds the problem type a route chose for its constraint violations."""
    chosen = {r.name: r.constraint_violation_type for r in routes if r.constraint_violation_type != ABOUT_BLANK}
    earlier = app.get(CONSTRAINT_VIOLATION_TYPES) or {}
    app[CONSTRAINT_VIOLATION_TYPES] = {**earlier, **chosen}
