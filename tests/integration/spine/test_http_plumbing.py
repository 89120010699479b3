"""create_app(): health, readiness, metrics, problem details, signed principals, idempotency."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from common.http.principal import Principal, sign
from tests.support.demo.service import CONSTRAINT_VIOLATION, FACADE
from tests.support.signing import signed

PROBLEM = "application/problem+json"


def auth(internal_key: str, method: str, path: str, **body: Any) -> dict[str, str]:
    return signed(internal_key, method, path, user_id=uuid.UUID(int=7), **body)


async def test_health_ready_and_metrics_answer_without_a_principal(demo: TestClient) -> None:
    assert (await demo.get("/health")).status == 200
    ready = await demo.get("/ready")
    assert ready.status == 200 and (await ready.json())["checks"] == {"postgres": True, "rabbitmq": True}
    metrics = await demo.get("/metrics")
    assert metrics.status == 200
    assert "switchyard_http_requests_total" in await metrics.text()


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Switchyard-Principal": "e30", "X-Switchyard-Signature": f"t={int(time.time())},v1=00"},
    ],
    ids=["unsigned", "forged"],
)
async def test_a_request_without_a_valid_signature_is_401(demo: TestClient, headers: dict[str, str]) -> None:
    response = await demo.get("/api/whoami", headers=headers)
    assert response.status == 401
    assert response.content_type == PROBLEM
    assert (await response.json())["status"] == 401


async def test_a_stale_or_misdirected_signature_is_401(demo: TestClient, internal_key: str) -> None:
    stale = sign(
        internal_key.encode(), Principal(kind="user"), "GET", "/api/whoami", service="demo", now=time.time() - 600
    )
    assert (await demo.get("/api/whoami", headers=stale)).status == 401
    other_path = auth(internal_key, "GET", "/api/items/")
    assert (await demo.get("/api/whoami", headers=other_path)).status == 401
    wrong_key = signed("another-key", "GET", "/api/whoami")
    assert (await demo.get("/api/whoami", headers=wrong_key)).status == 401


async def test_a_signature_is_good_for_one_request_to_one_service_with_one_body(
    demo: TestClient, internal_key: str
) -> None:
    item = {"name": "signed", "size": 1}
    sniffed = auth(internal_key, "POST", "/api/items/", body=item)
    assert (await demo.post("/api/items/", json=item, headers=sniffed)).status == 201
    assert (await demo.post("/api/items/", json=item, headers=sniffed)).status == 401, "replayed"
    other_body = auth(internal_key, "POST", "/api/items/", body=item)
    assert (await demo.post("/api/items/", json={"name": "forged", "size": 9}, headers=other_body)).status == 401
    other_query = auth(internal_key, "GET", "/api/items/?name=signed")
    assert (await demo.get("/api/items/?name=forged", headers=other_query)).status == 401
    elsewhere = signed(internal_key, "GET", "/api/items/", service="environments", user_id=uuid.UUID(int=7))
    assert (await demo.get("/api/items/", headers=elsewhere)).status == 401, "signed for another service"


async def test_a_signed_request_carries_its_principal(demo: TestClient, internal_key: str) -> None:
    headers = signed(internal_key, "GET", "/api/whoami", is_superuser=True, user_id=uuid.UUID(int=3))
    response = await demo.get("/api/whoami", headers=headers)
    assert response.status == 200
    body = await response.json()
    assert body["is_superuser"] is True and body["user_id"] == str(uuid.UUID(int=3))


async def test_unknown_route_is_a_404_problem(demo: TestClient, internal_key: str) -> None:
    response = await demo.get("/api/nothing-here", headers=auth(internal_key, "GET", "/api/nothing-here"))
    assert response.status == 404 and response.content_type == PROBLEM


async def test_wrong_method_is_405_with_allow(demo: TestClient, internal_key: str) -> None:
    response = await demo.delete("/api/items/", headers=auth(internal_key, "DELETE", "/api/items/"))
    assert response.status == 405 and response.content_type == PROBLEM
    assert set(response.headers["Allow"].split(",")) >= {"GET", "POST"}


async def test_body_errors_are_415_413_and_400_naming_each_invalid_field(demo: TestClient, internal_key: str) -> None:
    def sending(**body: Any) -> dict[str, str]:
        return auth(internal_key, "POST", "/api/items/", **body)

    text = {**sending(raw="name=x"), "Content-Type": "text/plain"}
    as_text = await demo.post("/api/items/", data="name=x", headers=text)
    assert as_text.status == 415
    broken = await demo.post("/api/items/", data="{", headers={**sending(raw="{"), "Content-Type": "application/json"})
    assert broken.status == 400
    huge = await demo.post("/api/items/", json={"name": "x" * 10_000, "size": 1}, headers=sending())
    assert huge.status == 413 and huge.content_type == PROBLEM
    wrong = {"name": "far too long a name", "size": -1}
    invalid = await demo.post("/api/items/", json=wrong, headers=sending(body=wrong))
    assert invalid.status == 400
    errors = {e["parameter"]: e for e in (await invalid.json())["errors"]}
    assert set(errors) == {"name", "size"}
    assert errors["name"]["value"] == "far too long a name"


async def test_a_facade_route_names_its_own_problem_type_for_constraint_violations(
    demo: TestClient, internal_key: str
) -> None:
    """A façade speaks its API's dialect (Akamai: 400 constraint-violation); native routes stay about:blank."""
    body = {"name": "far too long a name", "size": -1}
    facade = await demo.post(FACADE.path, json=body, headers=auth(internal_key, "POST", FACADE.path, body=body))
    native = await demo.post("/api/items/", json=body, headers=auth(internal_key, "POST", "/api/items/", body=body))
    assert facade.status == native.status == 400
    as_facade, as_native = await facade.json(), await native.json()
    assert as_facade["type"] == CONSTRAINT_VIOLATION and as_native["type"] == "about:blank"
    assert as_facade["errors"] == as_native["errors"]
    json_headers = {**auth(internal_key, "POST", FACADE.path, raw="{"), "Content-Type": "application/json"}
    malformed = await demo.post(FACADE.path, data="{", headers=json_headers)
    assert malformed.status == 400 and (await malformed.json())["type"] == "about:blank", "not a constraint"


async def test_an_unexpected_failure_is_a_500_problem_that_leaks_nothing(demo: TestClient, internal_key: str) -> None:
    response = await demo.get("/api/boom", headers=auth(internal_key, "GET", "/api/boom"))
    assert response.status == 500 and response.content_type == PROBLEM
    assert "kaboom" not in await response.text()


async def test_create_answers_201_with_location_and_resource_uri(demo: TestClient, internal_key: str) -> None:
    item = {"name": "alpha", "size": 3}
    response = await demo.post("/api/items/", json=item, headers=auth(internal_key, "POST", "/api/items/", body=item))
    assert response.status == 201
    body = await response.json()
    assert response.headers["Location"] == body["resource_uri"] == f"/api/items/{body['id']}/"


async def test_idempotency_key_replays_the_same_response_and_refuses_another_body(
    demo: TestClient, internal_key: str
) -> None:
    key, once, twice = str(uuid.uuid4()), {"name": "once", "size": 1}, {"name": "twice", "size": 1}

    def keyed(body: dict[str, Any], **who: Any) -> dict[str, str]:
        return {**signed(internal_key, "POST", "/api/items/", body=body, **(who or {"user_id": uuid.UUID(int=7)})),
                "Idempotency-Key": key}  # fmt: skip

    first = await demo.post("/api/items/", json=once, headers=keyed(once))
    again = await demo.post("/api/items/", json=once, headers=keyed(once))
    assert first.status == again.status == 201
    assert await first.json() == await again.json()
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers.get("Idempotent-Replayed") == "true"
    listed = await demo.get("/api/items/?name=once", headers=auth(internal_key, "GET", "/api/items/?name=once"))
    assert (await listed.json())["meta"]["total_count"] == 1

    other = await demo.post("/api/items/", json=twice, headers=keyed(twice))
    assert other.status == 400 and other.content_type == PROBLEM

    by_someone_else = await demo.post("/api/items/", json=once, headers=keyed(once, user_id=uuid.UUID(int=99)))
    assert by_someone_else.status == 201
    assert (await by_someone_else.json())["id"] != (await first.json())["id"]


async def test_metrics_count_requests_per_route(demo: TestClient, internal_key: str) -> None:
    await demo.get("/api/items/", headers=auth(internal_key, "GET", "/api/items/"))
    text = await (await demo.get("/metrics")).text()
    lines = [line for line in text.splitlines() if line.startswith("switchyard_http_requests_total{")]
    assert any('route="/api/items/"' in line and 'service="demo"' in line for line in lines), lines
    assert "switchyard_http_request_duration_seconds_bucket" in text


async def test_problem_bodies_are_json_with_type_title_status(demo: TestClient) -> None:
    body = json.loads(await (await demo.get("/api/whoami")).text())
    assert {"type", "title", "status"} <= set(body)
