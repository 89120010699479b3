"""The platform's OpenAPI 3.1 document, generated from the role matrix and the models it names.

Paged lists are routes with ``list_of``, or GET routes whose name ends in ``.list``, ``_list``,
``.running`` or ``.dropdown`` (the collections served by ``common.listing`` without a declared
item model). Error responses follow from what the plumbing can answer: every route may see 401
and 500; non-anonymous ones 403; writes 400, 409 and 422 (validation, Idempotency-Key reuse);
bodies 413 and 415; routes with path parameters, or whose rule mentions it, 404; forwarded routes 503.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from http import HTTPStatus
from importlib.metadata import version
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from common.access.openapi_components import (
    PROBLEM_RESPONSES,
    SECURED,
    list_parameters,
    static_components,
)
from common.access.rules import Route

REF = "#/components/schemas/{model}"
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PAGED_ACTIONS = ("list", "running", "dropdown")
UUID = {"type": "string", "format": "uuid"}
PATH_PARAMETERS: dict[str, dict[str, Any]] = {
    "organisation_id": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
    "environment_id": UUID,
    "user_id": UUID,
    "invitation_id": UUID,
    "label_id": UUID,
    "email": {"type": "string", "format": "email"},
}
ModelKey = tuple[type[BaseModel], JsonSchemaMode]
Schemas = dict[ModelKey, dict[str, Any]]
DESCRIPTION = """\
Every route of the Switchyard platform, as the gateway serves it. Each operation carries its
catalogue id (`x-catalogue-id`), the owning service (`x-service`) and who may call it (`x-access`,
any one rule suffices); the object-level rule the owning service adds is in its description.

Sign in with `POST /api/login` and send `Authorization: Bearer <jwt_token>`. A generated
organisation token (seed 001) is sent the same way with the `organizationId` query parameter and
acts as an operator of that organisation. Lists take `limit`, `offset`, `order_by` and field
filters (`<field>=` or `<field>__<match>=`; each collection's `schema/` lists them). Writes accept
an `Idempotency-Key` header. Errors are problem details (`application/problem+json`)."""


def model_references(route: Route) -> list[ModelKey]:
    references: list[tuple[type[BaseModel] | None, JsonSchemaMode]] = [
        (route.request, "validation"),
        (route.response, "serialization"),
        (route.list_of, "serialization"),
    ]
    return [(model, mode) for model, mode in references if model is not None]


def is_paged(route: Route) -> bool:
    action = route.name.rpartition(".")[2]
    return route.list_of is not None or (
        route.method == "GET" and (action in PAGED_ACTIONS or action.endswith("_list"))
    )


def is_anonymous(route: Route) -> bool:
    return any(rule.who == "anyone" for rule in route.allow)


def openapi_document(routes: Sequence[Route]) -> dict[str, Any]:
    keys = list(dict.fromkeys(key for route in routes for key in model_references(route)))
    refs, definitions = models_json_schema(keys, ref_template=REF)
    schemas: Schemas = {key: refs[key] for key in keys}
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        paths.setdefault(route.path, {})[route.method.lower()] = operation(route, schemas)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Switchyard API", "version": version("switchyard"), "description": DESCRIPTION},
        "tags": _tags(routes),
        "paths": paths,
        "components": static_components(definitions.get("$defs", {})),
    }


def operation(route: Route, schemas: Schemas) -> dict[str, Any]:
    body: dict[str, Any] = {
        "operationId": route.name,
        "summary": route.summary,
        "description": _description(route),
        "tags": [_tag(route)],
        "x-catalogue-id": route.catalogue_id,
        "x-service": route.service,
        "x-access": [rule.describe() for rule in route.allow],
        "security": [] if is_anonymous(route) else SECURED,
        "parameters": _parameters(route),
    }
    if route.request:
        body["requestBody"] = {
            "required": _body_required(route.request),
            "content": {"application/json": {"schema": schemas[route.request, "validation"]}},
        }
    body["responses"] = {**_success(route, schemas), **_errors(route)}
    return body


def _body_required(model: type[BaseModel]) -> bool:
    """A body whose fields are all optional may be left out (it reads as ``{}``)."""
    return any(field.is_required() for field in model.model_fields.values())


def _description(route: Route) -> str:
    parts = [f"**Who may call:** {'; '.join(rule.describe() for rule in route.allow)}."]
    parts += [f"**Object-level rule:** {route.object_rule}"] if route.object_rule else []
    parts += [f"**Note:** {route.note}"] if route.note else []
    return "\n\n".join(parts)


def _parameters(route: Route) -> list[dict[str, Any]]:
    names = re.findall(r"{(\w+)}", route.path)
    parameters = [
        {"name": n, "in": "path", "required": True, "schema": PATH_PARAMETERS.get(n, {"type": "string"})} for n in names
    ]
    if is_paged(route):
        parameters += list_parameters()
    if route.method in WRITES:
        parameters.append({"$ref": "#/components/parameters/IdempotencyKey"})
    return parameters


def _success(route: Route, schemas: Schemas) -> dict[str, Any]:
    response: dict[str, Any] = {"description": HTTPStatus(route.status).phrase}
    if route.status == 201:
        response["headers"] = {"Location": {"description": "The new resource", "schema": {"type": "string"}}}
    if route.status != 204:
        response["content"] = {"application/json": {"schema": _success_schema(route, schemas)}}
    return {str(route.status): response}


def _success_schema(route: Route, schemas: Schemas) -> dict[str, Any]:
    if route.response:
        return schemas[route.response, "serialization"]
    if is_paged(route):
        items = schemas[route.list_of, "serialization"] if route.list_of else {"type": "object"}
        return {
            "type": "object",
            "required": ["meta", "objects"],
            "properties": {
                "meta": {"$ref": REF.format(model="ListMeta")},
                "objects": {"type": "array", "items": items},
            },
        }
    return {}


def _errors(route: Route) -> dict[str, Any]:
    said = f"{route.object_rule} {route.note}"
    write = route.method in WRITES
    statuses = {
        400: write or is_paged(route),
        401: True,
        403: not is_anonymous(route),
        404: "{" in route.path or "404" in said,
        409: write or "409" in said,
        413: route.request is not None,
        415: route.request is not None,
        422: write,
        429: "429" in said,
        500: True,
        503: route.service != "gateway",
    }
    return {str(s): {"$ref": f"#/components/responses/{PROBLEM_RESPONSES[s]}"} for s, due in statuses.items() if due}


def _tag(route: Route) -> str:
    return route.name.partition(".")[0]


def _tags(routes: Sequence[Route]) -> list[dict[str, str]]:
    services: dict[str, list[str]] = {}
    for route in routes:
        owners = services.setdefault(_tag(route), [])
        owners += [route.service] if route.service not in owners else []
    return [{"name": tag, "description": f"Served by {', '.join(owners)}."} for tag, owners in services.items()]
