"""The agent's A200 as its scheduler starts, against a stand-in gateway: it names the instance type its machine
runs on when it is configured with one (a resized machine), and sends no body otherwise."""

from __future__ import annotations

import uuid
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

from cenv_agent.schedules import ask_for_refresh

ENV = uuid.UUID(int=7)


async def test_the_refresh_names_the_instance_type_when_the_agent_knows_it() -> None:
    heard: list[tuple[str, str, Any]] = []

    async def refresh(request: web.Request) -> web.Response:
        body = await request.json() if request.body_exists else None
        heard.append((request.path, request.headers["Authorization"], body))
        return web.json_response({"environment_id": str(ENV), "version": 1})

    app = web.Application()
    app.router.add_post("/api/customer_environment/{environment_id}/schedules/refresh", refresh)
    server = TestServer(app)
    await server.start_server()
    try:
        url = str(server.make_url("/"))
        await ask_for_refresh(url, "key", ENV, "c5.xlarge")
        await ask_for_refresh(url, "key", ENV)
    finally:
        await server.close()
    path = f"/api/customer_environment/{ENV}/schedules/refresh"
    assert heard == [(path, "Bearer key", {"instance_type": "c5.xlarge"}), (path, "Bearer key", None)]
