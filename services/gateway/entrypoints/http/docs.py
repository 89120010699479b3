"""The API's own documents: ``/api/openapi.json`` and a page rendering it, both open to anyone.

These are infrastructure routes, like ``/health``: deliberately not in the role matrix.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from aiohttp import web

from common.access.openapi import openapi_document
from switchyard.contracts import ROUTES

STATIC = Path(__file__).parent / "static"
OPENAPI_PATH = "/api/openapi.json"
DOCS_PATH = "/api/docs"


@functools.cache
def openapi_bytes() -> bytes:
    """Generated on first use, then kept for the life of the process."""
    return json.dumps(openapi_document(ROUTES)).encode()


async def openapi_json(_: web.Request) -> web.Response:
    return web.Response(body=openapi_bytes(), content_type="application/json")


async def docs_page(_: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "index.html")


def register_docs(app: web.Application) -> None:
    app.router.add_get(OPENAPI_PATH, openapi_json, name="docs.openapi")
    app.router.add_get(DOCS_PATH, docs_page, name="docs.page")
    app.router.add_static(f"{DOCS_PATH}/static", STATIC, name="docs.static")
