"""The gateway serves its OpenAPI document and a docs page that loads nothing from elsewhere."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from common.access.openapi import openapi_document
from gateway.bootstrap import setup_routes
from gateway.entrypoints.http.docs import STATIC, openapi_bytes, register_docs
from switchyard.contracts import ROUTES


@pytest.fixture
async def client() -> AsyncIterator[TestClient[web.Request, web.Application]]:
    app = web.Application()
    register_docs(app)
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def test_the_openapi_document_is_served_as_json(client: TestClient[web.Request, web.Application]) -> None:
    response = await client.get("/api/openapi.json")
    assert response.status == 200
    assert response.content_type == "application/json"
    assert await response.json() == json.loads(json.dumps(openapi_document(ROUTES)))


async def test_the_docs_page_loads_only_assets_the_gateway_serves(
    client: TestClient[web.Request, web.Application],
) -> None:
    response = await client.get("/api/docs")
    assert response.status == 200
    assert response.content_type == "text/html"
    page = await response.text()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert {"/api/docs/static/swagger-ui-bundle.js", "/api/docs/static/swagger-ui.css"} <= set(assets)
    assert 'data-spec-url="/api/openapi.json"' in page
    for asset in assets:
        assert asset.startswith("/api/"), asset
        assert (await client.get(asset)).status == 200, asset


async def test_the_renderer_is_told_not_to_call_an_outside_validator() -> None:
    assert "validatorUrl: null" in (STATIC / "switchyard-docs.js").read_text(encoding="utf-8")


async def test_nothing_outside_the_static_folder_is_served(client: TestClient[web.Request, web.Application]) -> None:
    assert (await client.get("/api/docs/static/../docs.py")).status == 404
    assert (await client.get("/api/docs/static/")).status in (403, 404)


def test_the_document_is_generated_once_per_process() -> None:
    assert openapi_bytes() is openapi_bytes()


def test_the_gateway_registers_the_docs_routes() -> None:
    app = web.Application()
    setup_routes(app)
    paths = {resource.canonical for resource in app.router.resources()}
    assert {"/api/openapi.json", "/api/docs", "/api/docs/static"} <= paths
