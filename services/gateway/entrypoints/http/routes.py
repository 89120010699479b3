"""Every route of the platform is mounted on the gateway: its own handlers, or forwarding to the owner."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from aiohttp import web

from common.access.mount import guard, record_constraint_violation_types
from gateway.entrypoints.http import (
    activity,
    auth,
    hooks,
    invitations,
    labels,
    members,
    organisation_invitations,
    organisation_lists,
    organisations,
    passwords,
    proxy,
    source_grants,
    source_invitations,
    switching,
    user,
)
from switchyard.contracts import ROUTES

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def local_handlers() -> dict[str, Handler]:
    handlers: dict[str, Handler] = {}
    modules = (auth, passwords, user, switching, organisations, organisation_lists, members, invitations)
    for module in (*modules, organisation_invitations, source_invitations, source_grants, labels, activity):
        handlers.update(module.HANDLERS)
    return handlers


def mount_routes(app: web.Application, handlers: Mapping[str, Handler] | None = None) -> None:
    hooks.register_hooks()
    own = local_handlers() if handlers is None else handlers
    for route in ROUTES:
        handler = own.get(route.name) if route.service == "gateway" else proxy.forward
        if handler is not None:
            app.router.add_route(route.method, route.path, guard(route, handler), name=route.name)
    record_constraint_violation_types(app, ROUTES)
