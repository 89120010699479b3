"""The parts of the OpenAPI document that no route names: problem details, list paging, security."""

from __future__ import annotations

from typing import Any

from common.http.idempotency import MAX_KEY_LENGTH
from common.http.problems import PROBLEM_JSON

PROBLEM_RESPONSES = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    409: "Conflict",
    413: "ContentTooLarge",
    415: "UnsupportedMediaType",
    429: "TooManyRequests",
    500: "InternalServerError",
    503: "ServiceUnavailable",
    504: "GatewayTimeout",
}
_PROBLEM_WHEN = {
    400: "A malformed or invalid body, query parameter, filter or header: each offending field is in errors. "
    "Also an Idempotency-Key already used with a different request.",
    401: "No valid credentials (a JWT, a generated token with organizationId, an agent credential).",
    403: "Signed in, but the role matrix does not allow this caller.",
    404: "No such resource, or not one the caller may see.",
    409: "The resource's state does not allow this, a concurrent change won, or the same "
    "Idempotency-Key is still in progress.",
    413: "The body is larger than the service accepts (1 MiB unless configured otherwise).",
    415: "The body is not application/json.",
    429: "Too many attempts; retry after the number of seconds in Retry-After.",
    500: "The server could not complete the request.",
    503: "The owning service is unreachable; retry after Retry-After seconds.",
    504: "The owning service took the write but did not answer in time: it may or may not have been made. "
    "Repeat it with the same Idempotency-Key to make it at most once.",
}
_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}}
SECURED: list[dict[str, list[str]]] = [{"bearer": []}, {"generatedToken": [], "organizationId": []}]

_SCHEMAS: dict[str, Any] = {
    "ProblemDetails": {
        "type": "object",
        "description": "RFC 9457 problem details.",
        "required": ["type", "title", "status"],
        "properties": {
            "type": {"type": "string", "format": "uri-reference", "default": "about:blank"},
            "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 100, "maximum": 599},
            "detail": {"type": "string"},
            "instance": {"type": "string", "format": "uri-reference"},
            "errors": {"type": "array", "items": {"$ref": "#/components/schemas/ProblemFieldError"}},
        },
    },
    "ProblemFieldError": {
        "type": "object",
        "description": "What is wrong with one parameter or body field.",
        "required": ["type", "title", "detail", "parameter"],
        "properties": {
            "type": {"type": "string", "format": "uri-reference"},
            "title": {"type": "string"},
            "detail": {"type": "string"},
            "parameter": {"type": "string", "description": "The field's dotted path, or the parameter's name"},
            "value": {"description": "The rejected value (never for secrets)"},
        },
    },
    "ListMeta": {
        "type": "object",
        "required": ["limit", "offset", "total_count"],
        "properties": {
            "limit": {"type": "integer"},
            "offset": {"type": "integer"},
            "total_count": {"type": "integer"},
            "next": {"type": ["string", "null"], "description": "The next page's URI"},
            "previous": {"type": ["string", "null"], "description": "The previous page's URI"},
        },
    },
}
_SECURITY_SCHEMES = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "The jwt_token from POST /api/login (or from switching organisation or environment). "
        "c_env agents and cloud workers send their own credentials the same way.",
    },
    "generatedToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "Generated organisation token (seed 001): 8 hex digits of unix time followed by "
        "md5(organisationId:timehex:secret). Needs organizationId; acts as an operator of that organisation.",
    },
    "organizationId": {
        "type": "apiKey",
        "in": "query",
        "name": "organizationId",
        "description": "The organisation a generated token belongs to (or the X-Organization-Id header).",
    },
}
_PARAMETERS = {
    "IdempotencyKey": {
        "name": "Idempotency-Key",
        "in": "header",
        "required": False,
        "description": "Repeating a write with the same key replays the first response for 24 hours. "
        "Printable ASCII only.",
        "schema": {"type": "string", "maxLength": MAX_KEY_LENGTH, "pattern": "^[ -~]*$"},
    },
    "limit": {
        "name": "limit",
        "in": "query",
        "description": "Page size (default 20 unless the collection's schema says otherwise).",
        "schema": {"type": "integer", "minimum": 1, "maximum": 500},
    },
    "offset": {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 0}},
    "order_by": {
        "name": "order_by",
        "in": "query",
        "description": "Comma-separated field names; a leading '-' orders descending.",
        "schema": {"type": "string"},
    },
    "filters": {
        "name": "filters",
        "in": "query",
        "style": "form",
        "explode": True,
        "description": "Field filters: <field>=<value> or <field>__<match>=<value> (exact, iexact, contains, "
        "icontains, startswith, istartswith, endswith, iendswith, regex, iregex, lt, lte, gt, gte).",
        "schema": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}


def list_parameters() -> list[dict[str, str]]:
    return [{"$ref": f"#/components/parameters/{name}"} for name in ("limit", "offset", "order_by", "filters")]


def _problem_response(status: int) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": _PROBLEM_WHEN[status],
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}},
    }
    if status in (429, 503):
        response["headers"] = _RETRY_AFTER
    return response


def static_components(model_schemas: dict[str, Any]) -> dict[str, Any]:
    """Components with the models' schemas beside ours; a model may not take one of our names."""
    clashes = set(model_schemas) & set(_SCHEMAS)
    if clashes:
        raise ValueError(f"models named like the document's own schemas: {sorted(clashes)}")
    return {
        "schemas": {**_SCHEMAS, **model_schemas},
        "responses": {name: _problem_response(status) for status, name in PROBLEM_RESPONSES.items()},
        "parameters": _PARAMETERS,
        "securitySchemes": _SECURITY_SCHEMES,
    }
