"""The catalogue conventions the OpenAPI document claims in ``x-catalogue-ids``: each claim is checked here."""

from __future__ import annotations

from typing import Any

import pytest

from common.access.openapi import openapi_document
from common.access.rules import Route
from switchyard.contracts import ROUTES
from tests.unit.docs.documents import follow, operations

BY_NAME = {route.name: route for route in ROUTES}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return openapi_document(ROUTES)


def _lists_are_pages(document: dict[str, Any]) -> bool:
    meta = document["components"]["schemas"]["ListMeta"]["properties"]
    pages = [_success(document, route)["properties"] for route in ROUTES if route.paged]
    return set(meta) == {"limit", "next", "offset", "previous", "total_count"} and all(
        set(page) == {"meta", "objects"} for page in pages
    )


def _success(document: dict[str, Any], route: Route) -> Any:
    operation = follow(document, f"#/paths/{route.path.replace('/', '~1')}")[route.method.lower()]
    return operation["responses"][str(route.status)]["content"]["application/json"]["schema"]


def _lists_take(document: dict[str, Any], parameter: str) -> bool:
    pages = [operation for _, _, operation in operations(document) if BY_NAME[operation["operationId"]].paged]
    named = [{follow(document, p["$ref"])["name"] for p in page["parameters"] if "$ref" in p} for page in pages]
    return all(parameter in names for names in named)


def _every_collection_has_a_schema(_: dict[str, Any]) -> bool:
    paths = {(route.method, route.path) for route in ROUTES}
    return all(("GET", f"{r.path.rstrip('/')}/schema/") in paths for r in ROUTES if r.paged)


def _errors_are_k07_problems(document: dict[str, Any]) -> bool:
    statuses = {int(s) for _, _, operation in operations(document) for s in operation["responses"]}
    return 422 not in statuses and "ProblemDetails" in document["components"]["schemas"]


def _generated_tokens_sign_every_secured_route(document: dict[str, Any]) -> bool:
    secured = [operation["security"] for _, _, operation in operations(document) if operation["security"]]
    return all({"generatedToken": [], "organizationId": []} in security for security in secured)


CONVENTION_CHECKS = {
    "I01": _generated_tokens_sign_every_secured_route,
    "K07": _errors_are_k07_problems,
    "P01": _lists_are_pages,
    "P02": lambda document: _lists_take(document, "filters"),
    "P03": lambda document: _lists_take(document, "order_by"),
    "P04": _every_collection_has_a_schema,
}


def test_the_document_claims_only_conventions_a_check_here_shows_it_follows(document: dict[str, Any]) -> None:
    assert set(document["x-catalogue-ids"]) == set(CONVENTION_CHECKS)
    failing = [cid for cid, holds in CONVENTION_CHECKS.items() if not holds(document)]
    assert failing == []
