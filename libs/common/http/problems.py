"""Problem details (RFC 9457, the shape K07 describes) and the exceptions that become them."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

from aiohttp import web

PROBLEM_JSON = "application/problem+json"
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
    type: str = "about:blank"

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


def unprocessable(errors: Sequence[FieldError], detail: str = "the request is not valid") -> Problem:
    return Problem(422, detail, errors)


def _jsonable(value: Any) -> Any:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return str(value)
    return value
