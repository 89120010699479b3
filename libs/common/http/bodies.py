"""Reading requests into pydantic models and writing JSON responses."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel, ValidationError
from pydantic_core import to_jsonable_python

from common.http.problems import FieldError, Problem, bad_request, constraint_violation
from common.http.text import unstorable_at

M = TypeVar("M", bound=BaseModel)
_SENSITIVE = ("password", "secret", "token", "url")  # an address may carry a stream key or a webhook's secret


def validation_errors(exc: ValidationError, prefix: str = "") -> list[FieldError]:
    errors = []
    for err in exc.errors(include_url=False):
        parameter = prefix + ".".join(str(p) for p in err["loc"]) if err["loc"] else prefix.rstrip(".") or "body"
        value = None if any(s in parameter for s in _SENSITIVE) else err.get("input")
        errors.append(FieldError(parameter, err["msg"], value))
    return errors


async def read_json(request: web.Request) -> Any:
    if not request.body_exists:
        return None
    if request.content_type != "application/json":
        raise Problem(415, f"send application/json, not {request.content_type or 'no content type'}")
    raw = await request.read()
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise bad_request(f"the body is not valid JSON: {exc}", "body") from exc
    except RecursionError as exc:
        raise bad_request("the body is nested too deeply", "body") from exc
    unstorable = unstorable_at(data)
    if unstorable is not None:
        raise constraint_violation(
            [FieldError(unstorable, "text may not contain NUL characters or unpaired surrogates")]
        )
    return data


async def read_model(request: web.Request, model: type[M]) -> M:
    data = await read_json(request)
    try:
        return model.model_validate({} if data is None else data)
    except ValidationError as exc:
        raise constraint_violation(validation_errors(exc), f"{model.__name__} is not valid") from exc


def query_model(request: web.Request, model: type[M]) -> M:
    try:
        return model.model_validate(dict(request.query))
    except ValidationError as exc:
        raise Problem(400, "invalid query parameters", validation_errors(exc)) from exc


def json_bytes(data: Any) -> bytes:
    if isinstance(data, BaseModel):
        return data.model_dump_json().encode()  # pydantic's own serialiser, without an intermediate dict
    return json.dumps(to_jsonable_python(data)).encode()


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(status=status, body=json_bytes(data), content_type="application/json", headers=headers)


def created(data: Any, resource_uri: str) -> web.Response:
    return json_response(data, 201, {"Location": resource_uri})
