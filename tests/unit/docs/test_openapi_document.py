"""The OpenAPI document: valid 3.1, one operation per route with its catalogue id, every named model real."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate

from common.access.builder import RouteBuilder
from common.access.openapi import openapi_document
from common.access.openapi_components import static_components
from common.access.rules import Route
from common.access.shorthand import SUPERUSER
from common.access.statuses import error_statuses, is_anonymous
from switchyard.contracts import ROUTES
from tests.unit.docs.documents import follow, operations, references

CATALOGUE_ID = re.compile(r"^(A\d{3}|I0\d|P\d\d|K0\d)$")
CATALOGUE = Path(__file__).resolve().parents[3].parent / "shared" / "catalogue.tsv"
BY_NAME = {route.name: route for route in ROUTES}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return openapi_document(ROUTES)


@pytest.fixture(scope="module")
def by_operation_id(document: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    return {operation["operationId"]: (path, method, operation) for path, method, operation in operations(document)}


def test_the_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_every_route_is_exactly_one_operation_carrying_its_matrix_entry(
    document: dict[str, Any], by_operation_id: dict[str, tuple[str, str, dict[str, Any]]]
) -> None:
    assert len(list(operations(document))) == len(ROUTES)
    for route in ROUTES:
        path, method, operation = by_operation_id[route.name]
        assert (path, method) == (route.path, route.method.lower())
        assert operation["summary"] == route.summary
        assert operation["x-catalogue-id"] == route.catalogue_id
        assert operation["x-service"] == route.service
        assert operation["x-access"] == [rule.describe() for rule in route.allow]
        assert route.object_rule in operation["description"]
        assert route.note in operation["description"]


def test_catalogue_ids_are_well_formed_and_in_the_catalogue_when_it_is_at_hand(document: dict[str, Any]) -> None:
    ids = {operation["x-catalogue-id"] for _, _, operation in operations(document)}
    ids |= {cid for _, _, operation in operations(document) for cid in operation.get("x-actions", {}).values()}
    assert [i for i in ids if not CATALOGUE_ID.match(i)] == []
    if CATALOGUE.is_file():
        catalogued = {line.split("\t")[0] for line in CATALOGUE.read_text(encoding="utf-8").splitlines()[1:]}
        assert ids - catalogued == set()


def test_bodies_and_responses_are_the_named_models(
    document: dict[str, Any], by_operation_id: dict[str, tuple[str, str, dict[str, Any]]]
) -> None:
    for route in ROUTES:
        operation = by_operation_id[route.name][2]
        success = operation["responses"][str(route.status)]
        if route.request:
            body = operation["requestBody"]["content"]["application/json"]["schema"]
            assert follow(document, body["$ref"])["title"] == route.request.__name__
        if route.response:
            schema = success["content"]["application/json"]["schema"]
            assert follow(document, schema["$ref"])["title"] == route.response.__name__
        if route.status == 204:
            assert "content" not in success


def test_every_reference_resolves(document: dict[str, Any]) -> None:
    for reference in references(document):
        follow(document, reference)


def test_anonymous_routes_need_no_credentials_and_the_others_a_bearer_token(
    by_operation_id: dict[str, tuple[str, str, dict[str, Any]]],
) -> None:
    assert is_anonymous(BY_NAME["auth.login"])
    for route in ROUTES:
        security = by_operation_id[route.name][2]["security"]
        assert security == [] if is_anonymous(route) else {"bearer": []} in security


def test_path_parameters_are_declared_and_typed(document: dict[str, Any]) -> None:
    kinds = {}
    for path, _, operation in operations(document):
        declared = {p["name"]: p["schema"] for p in operation["parameters"] if p.get("in") == "path"}
        assert set(declared) == set(re.findall(r"{(\w+)}", path))
        kinds.update(declared)
    assert kinds["organisation_id"]["type"] == "integer"
    assert kinds["environment_id"] == kinds["user_id"] == kinds["invitation_id"] == kinds["label_id"]
    assert kinds["environment_id"] == {"type": "string", "format": "uuid"}


def test_lists_take_paging_parameters_and_answer_pages(
    document: dict[str, Any], by_operation_id: dict[str, tuple[str, str, dict[str, Any]]]
) -> None:
    assert BY_NAME["labels.list"].paged and BY_NAME["environments.status_list"].paged
    assert not BY_NAME["labels.create"].paged and not BY_NAME["users.details"].paged
    for route in (r for r in ROUTES if r.paged):
        operation = by_operation_id[route.name][2]
        names = {follow(document, p["$ref"])["name"] for p in operation["parameters"] if "$ref" in p}
        assert {"limit", "offset", "order_by"} <= names
        page = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert set(page["properties"]) == {"meta", "objects"}


def test_errors_are_problem_details(document: dict[str, Any]) -> None:
    problem = document["components"]["schemas"]["ProblemDetails"]
    assert set(problem["properties"]) == {"type", "title", "status", "detail", "instance", "errors"}
    field = follow(document, problem["properties"]["errors"]["items"]["$ref"])
    assert set(field["properties"]) == {"type", "title", "detail", "parameter", "value"}
    problem_details = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}}
    for _, _, operation in operations(document):
        assert {"401", "500"} <= set(operation["responses"])
        for status, response in operation["responses"].items():
            if int(status) >= 400 and BY_NAME[operation["operationId"]].dialect_error is None:
                assert follow(document, response["$ref"])["content"] == problem_details


def test_a_facades_errors_are_its_dialect_or_problem_details_of_the_plumbing(
    document: dict[str, Any], by_operation_id: dict[str, tuple[str, str, dict[str, Any]]]
) -> None:
    facades = [route for route in ROUTES if route.dialect_error is not None]
    assert {route.name for route in facades} >= {"channels.admin_read", "channels.admin_write"}
    for route in facades:
        for status, response in by_operation_id[route.name][2]["responses"].items():
            if int(status) >= 400:
                dialect = response["content"]["application/json"]["schema"]
                assert follow(document, dialect["$ref"])["title"] == route.dialect_error.__name__
                assert response["content"]["application/problem+json"]["schema"]["$ref"].endswith("ProblemDetails")


def test_declared_query_parameters_and_other_media_types_are_documented(
    by_operation_id: dict[str, tuple[str, str, dict[str, Any]]],
) -> None:
    read = by_operation_id["channels.admin_read"][2]
    assert {p["name"] for p in read["parameters"] if p.get("in") == "query"} == {
        "action",
        "organizationId",
        "channelId",
    }
    upload = by_operation_id["channels.admin_write"][2]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert (upload["required"], list(upload["properties"])) == (["channelIcon"], ["channelIcon"])
    icon = by_operation_id["channels.icon"][2]
    assert list(icon["responses"]["200"]["content"]) == ["image/png"]


def test_the_login_route_documents_throttling_and_writes_document_conflicts(
    by_operation_id: dict[str, tuple[str, str, dict[str, Any]]],
) -> None:
    assert "429" in by_operation_id["auth.login"][2]["responses"]
    assert "409" in by_operation_id["labels.delete"][2]["responses"]
    assert "403" not in by_operation_id["auth.login"][2]["responses"]


def test_a_model_may_not_take_the_name_of_a_schema_of_the_document_itself() -> None:
    with pytest.raises(ValueError, match="ProblemDetails"):
        static_components({"ProblemDetails": {"type": "object"}})


def test_routes_naming_an_organisation_or_invitation_in_their_body_document_its_404(
    by_operation_id: dict[str, tuple[str, str, dict[str, Any]]],
) -> None:
    for name in ("user.switch_managing", "user.switch_active", "source_invitations.accept"):
        assert "404" in by_operation_id[name][2]["responses"], name


def test_reads_of_the_callers_organisation_document_what_a_caller_without_one_gets(
    by_operation_id: dict[str, tuple[str, str, dict[str, Any]]],
) -> None:
    for name in ("labels.list", "activity_log.list", "source_invitations.list", "organisation_users.list"):
        assert "409" in by_operation_id[name][2]["responses"], name
    for name in ("user.active_organisation", "environments.running", "environments.dropdown"):
        assert "404" in by_operation_id[name][2]["responses"], name
    assert "404" in by_operation_id["environments.status_list"][2]["responses"]


def test_every_body_may_be_too_large(by_operation_id: dict[str, tuple[str, str, dict[str, Any]]]) -> None:
    for route in ROUTES:
        assert ("413" in by_operation_id[route.name][2]["responses"]) == (route.request is not None), route.name


def test_parameters_document_the_limits_the_services_enforce(document: dict[str, Any]) -> None:
    key = document["components"]["parameters"]["IdempotencyKey"]["schema"]
    assert key == {"type": "string", "maxLength": 255, "pattern": "^[ -~]*$"}
    organisation = follow(document, "#/paths/~1api~1organisations~1{organisation_id}")["get"]["parameters"][0]
    assert organisation["schema"] == {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}


def test_every_status_the_prose_of_a_row_names_is_one_it_declares() -> None:
    """The statuses come from the row's fields; this only checks the prose beside them does not contradict them."""
    for route in ROUTES:
        named = {int(status) for status in re.findall(r"\b(4\d\d)\b", f"{route.object_rule} {route.note}")}
        assert named <= set(error_statuses(route)), route.name


def test_a_row_must_type_exactly_the_parameters_of_its_path() -> None:
    with pytest.raises(ValueError, match="label_id"):
        Route("labels.x", "A003", "GET", "/api/labels/{label_id}", "gateway", "x", (SUPERUSER,))
    with pytest.raises(ValueError, match="declare the kind"):
        RouteBuilder("gateway", {})("labels.x", "A003", "GET", "/api/labels/{label_id}", "x", SUPERUSER)


def test_every_collection_has_its_schema_route_for_the_same_callers() -> None:
    """P04 (and docs/README.md says so): each paged list has ``GET <its path>/schema/``."""
    by_path = {(route.method, route.path): route for route in ROUTES}
    for collection in (route for route in ROUTES if route.paged):
        schema = by_path.get(("GET", f"{collection.path.rstrip('/')}/schema/"))
        assert schema is not None, f"{collection.name} has no schema/ route"
        assert (schema.catalogue_id, schema.service, schema.allow) == ("P04", collection.service, collection.allow)


def test_operations_answer_only_the_errors_k07_lists_and_the_body_size_limit(document: dict[str, Any]) -> None:
    """K07 has no 422: an invalid request is a 400 naming each field (docs/decisions/0012). Beyond K07: 413, and
    504 for a forwarded write whose outcome is unknown (docs/decisions/0033)."""
    k07 = {400, 401, 403, 404, 405, 409, 415, 429, 500, 503}
    for _, _, operation in operations(document):
        answered = {int(s) for s in operation["responses"] if int(s) >= 400}
        assert answered <= k07 | {413, 504}, operation["operationId"]
