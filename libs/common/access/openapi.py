"""The platform's OpenAPI 3.1 document, generated from the route rows alone.

A row gives its body models, whether it is a paged list (``list_of``), the types of its path
parameters and the error statuses its own checks answer; ``common.access.statuses`` adds what
the plumbing answers. Nothing is inferred from a route's name or from the prose beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from common.access.openapi_about import CONVENTIONS, info
from common.access.openapi_components import (
    PROBLEM_RESPONSES,
    SECURED,
    list_parameters,
    static_components,
)
from common.access.rules import Route
from common.access.statuses import WRITES, error_statuses, is_anonymous
from common.http.problems import ABOUT_BLANK, PROBLEM_JSON

REF = "#/components/schemas/{model}"
ModelKey = tuple[type[BaseModel], JsonSchemaMode]
Schemas = dict[ModelKey, dict[str, Any]]


def model_references(route: Route) -> list[ModelKey]:
    references: list[tuple[type[BaseModel] | None, JsonSchemaMode]] = [
        (route.request, "validation"),
        (route.response, "serialization"),
        (route.list_of, "serialization"),
        (route.dialect_error, "serialization"),
    ]
    return [(model, mode) for model, mode in references if model is not None]


def openapi_document(routes: Sequence[Route]) -> dict[str, Any]:
    keys = list(dict.fromkeys(key for route in routes for key in model_references(route)))
    refs, definitions = models_json_schema(keys, ref_template=REF)
    schemas: Schemas = {key: refs[key] for key in keys}
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        paths.setdefault(route.path, {})[route.method.lower()] = operation(route, schemas)
    return {
        "openapi": "3.1.0",
        "info": info(),
        "x-catalogue-ids": list(CONVENTIONS),
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
    if route.actions:
        body["x-actions"] = dict(route.actions)
    if route.request:
        body["requestBody"] = {
            "required": _body_required(route.request),
            "content": {"application/json": {"schema": schemas[route.request, "validation"]}, **_form(route)},
        }
    body["responses"] = {**_success(route, schemas), **_errors(route, schemas)}
    return body


def _form(route: Route) -> dict[str, Any]:
    if not route.form_files:
        return {}
    files = {name: {"type": "string", "contentMediaType": "application/octet-stream"} for name in route.form_files}
    return {"multipart/form-data": {"schema": {"type": "object", "properties": files, "required": list(files)}}}


def _body_required(model: type[BaseModel]) -> bool:
    """A body whose fields are all optional may be left out (it reads as ``{}``)."""
    return any(field.is_required() for field in model.model_fields.values())


def _description(route: Route) -> str:
    parts = [f"**Who may call:** {'; '.join(rule.describe() for rule in route.allow)}."]
    parts += [f"**Object-level rule:** {route.object_rule}"] if route.object_rule else []
    parts += [f"**Note:** {route.note}"] if route.note else []
    if route.constraint_violation_type != ABOUT_BLANK:
        parts += [f"**Invalid requests:** 400 with problem type `{route.constraint_violation_type}`."]
    return "\n\n".join(parts)


def _parameters(route: Route) -> list[dict[str, Any]]:
    parameters: list[dict[str, Any]] = [
        {"name": p.name, "in": "path", "required": True, "schema": p.schema()} for p in route.path_parameters
    ]
    parameters += [_action(route)] if route.actions else []
    parameters += [p.openapi() for p in route.query]
    if route.paged:
        parameters += list_parameters()
    if route.method in WRITES:
        parameters.append({"$ref": "#/components/parameters/IdempotencyKey"})
    return parameters


def _action(route: Route) -> dict[str, Any]:
    names = [action for action, _ in route.actions]
    description = "The operation: " + ", ".join(f"{action} ({cid})" for action, cid in route.actions)
    return {"name": "action", "in": "query", "required": True, "description": description,
            "schema": {"type": "string", "enum": names}}  # fmt: skip


def _success(route: Route, schemas: Schemas) -> dict[str, Any]:
    response: dict[str, Any] = {"description": HTTPStatus(route.status).phrase}
    if route.status == 201:
        response["headers"] = {"Location": {"description": "The new resource", "schema": {"type": "string"}}}
    if route.response_media_type != "application/json":
        schema = {"type": "string", "contentMediaType": route.response_media_type}
        response["content"] = {route.response_media_type: {"schema": schema}}
    elif route.status != 204:
        response["content"] = {"application/json": {"schema": _success_schema(route, schemas)}}
    return {str(route.status): response}


def _success_schema(route: Route, schemas: Schemas) -> dict[str, Any]:
    if route.response:
        return schemas[route.response, "serialization"]
    if route.list_of:
        items = schemas[route.list_of, "serialization"]
        return {
            "type": "object",
            "required": ["meta", "objects"],
            "properties": {
                "meta": {"$ref": REF.format(model="ListMeta")},
                "objects": {"type": "array", "items": items},
            },
        }
    return {}


def _errors(route: Route, schemas: Schemas) -> dict[str, Any]:
    if route.dialect_error is None:
        return {str(s): {"$ref": f"#/components/responses/{PROBLEM_RESPONSES[s]}"} for s in error_statuses(route)}
    dialect = {"application/json": {"schema": schemas[route.dialect_error, "serialization"]}}
    return {str(s): _either(s, dialect) for s in error_statuses(route)}


def _either(status: int, dialect: dict[str, Any]) -> dict[str, Any]:
    """A façade's error: in its dialect, or problem details when the plumbing (the gateway...) answers first."""
    problem = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}}
    return {"description": HTTPStatus(status).phrase, "content": {**dialect, **problem}}


def _tag(route: Route) -> str:
    return route.name.partition(".")[0]


def _tags(routes: Sequence[Route]) -> list[dict[str, str]]:
    services: dict[str, list[str]] = {}
    for route in routes:
        owners = services.setdefault(_tag(route), [])
        owners += [route.service] if route.service not in owners else []
    return [{"name": tag, "description": f"Served by {', '.join(owners)}."} for tag, owners in services.items()]
