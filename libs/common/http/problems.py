"""Problem details (RFC 9457, the shape K07 describes) and the exceptions that become them.

K07's status list has no 422: a request that breaks a declared constraint (a body field, a query
parameter, a domain rule about a value) is a 400 naming each field in ``errors``, as the seed's
example is (docs/decisions/0012). Such a problem is a *constraint violation*; a route may give
those a problem type of its own (a façade speaking another API's dialect), which the error
middleware finds in the application's ``CONSTRAINT_VIOLATION_TYPES`` by the matched route's name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

from aiohttp import web

PROBLEM_JSON = "application/problem+json"
ABOUT_BLANK = "about:blank"
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_PATH_CHARACTERS = "/%!$&'()*+,;=:@-._~"


@dataclass(frozen=True)
class FieldError:
    parameter: str
    detail: str
    value: Any = None

    def as_dict(self, status: int) -> dict[str, Any]:
        return {
            "type": "about:blank",
            "title": HTTPStatus(status).phrase,
            "detail": self.detail,
            "parameter": self.parameter,
            "value": _jsonable(self.value),
        }


@dataclass
class Problem(Exception):
    """Raise anywhere in a handler; the error middleware answers with it."""

    status: int
    detail: str | None = None
    errors: Sequence[FieldError] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    title: str | None = None
    type: str = ABOUT_BLANK
    constraint_violation: bool = False

    def __str__(self) -> str:
        return f"{self.status} {self.detail or ''}"

    def body(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": self.type,
            "title": self.title or HTTPStatus(self.status).phrase,
            "status": self.status,
        }
        if self.detail:
            body["detail"] = self.detail
        if instance:
            body["instance"] = instance
        if self.errors:
            body["errors"] = [e.as_dict(self.status) for e in self.errors]
        return body

    def response(self, instance: str | None = None) -> web.Response:
        return web.Response(
            status=self.status,
            text=json.dumps(self.body(instance)),
            content_type=PROBLEM_JSON,
            headers=dict(self.headers),
        )


def instance_of(request: web.Request) -> str:
    """The request's path as a URI reference (RFC 3986): as sent, percent-encoding whatever may not appear raw."""
    raw_path = _STRAY_PERCENT.sub("%25", request.rel_url.raw_path)
    return quote(raw_path, safe=_PATH_CHARACTERS, errors="surrogateescape")


def bad_request(detail: str, parameter: str | None = None, value: Any = None) -> Problem:
    errors = [FieldError(parameter, detail, value)] if parameter else []
    return Problem(400, detail, errors)


def not_found(what: str = "resource") -> Problem:
    return Problem(404, f"{what} not found")


def conflict(detail: str) -> Problem:
    return Problem(409, detail)


def forbidden(detail: str = "you may not do this") -> Problem:
    return Problem(403, detail)


def unauthorized(detail: str = "authentication required") -> Problem:
    return Problem(401, detail, headers={"WWW-Authenticate": 'Bearer realm="switchyard"'})


def constraint_violation(errors: Sequence[FieldError], detail: str = "the request is not valid") -> Problem:
    return Problem(400, detail, errors, constraint_violation=True)


CONSTRAINT_VIOLATION_TYPES = web.AppKey("constraint_violation_types", dict[str, str])
"""The problem type of each route (by its aiohttp name) whose constraint violations are not ``about:blank``."""


def typed_for(request: web.Request, problem: Problem) -> Problem:
    """A constraint violation with the problem type the matched route chose; any other problem as it is."""
    if not problem.constraint_violation:
        return problem
    chosen = request.app.get(CONSTRAINT_VIOLATION_TYPES, {}).get(request.match_info.route.name or "")
    return replace(problem, type=chosen) if chosen else problem


def _jsonable(value: Any) -> Any:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return str(value)
    return value
