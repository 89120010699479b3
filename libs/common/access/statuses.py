"""The error statuses a route can answer: its own (declared on the row) and the plumbing's (from its shape).

Every route may see 401 and 500; a route not open to anyone 403; a write 400 and 409 (an invalid
body or value, a malformed or reused Idempotency-Key; a still-running Idempotency-Key, a concurrent
change that won); a body 413 and 415; a paged list 400 (a filter or ordering it does not declare); a
path with parameters 404 (text no row can hold); a route forwarded by the gateway 503, and a write
forwarded by it 504 (the service took the write but did not answer in time: its outcome is unknown). There is no
422: K07 has none, and a request breaking a constraint is a 400 (docs/decisions/0012).
"""

from __future__ import annotations

from common.access.rules import Route

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def is_anonymous(route: Route) -> bool:
    return any(rule.who == "anyone" for rule in route.allow)


def plumbing_statuses(route: Route) -> set[int]:
    write, body = route.method in WRITES, route.request is not None
    answers = {
        400: write or route.paged,
        401: True,
        403: not is_anonymous(route),
        404: bool(route.path_parameters),
        409: write,
        413: body,
        415: body,
        500: True,
        503: route.service != "gateway",
        504: route.service != "gateway" and write,
    }
    return {status for status, answered in answers.items() if answered}


def error_statuses(route: Route) -> list[int]:
    return sorted(plumbing_statuses(route) | set(route.errors))
