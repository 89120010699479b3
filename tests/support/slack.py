"""A local HTTP server standing in for Slack's incoming webhooks: it records every JSON posted to it.

A webhook whose secret starts with ``fail`` answers 500 (Slack in trouble), with ``gone`` 404 ``no_service``
(a webhook removed in Slack); any other answers 200 ``ok``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass
class SlackStandIn:
    posts: list[tuple[str, Any]] = field(default_factory=list)
    base_url: str = ""

    def to(self, webhook: str) -> list[Any]:
        """What was posted to ``webhook`` (a ``https://hooks.slack.com/services/…`` URL)."""
        path = webhook.removeprefix("https://hooks.slack.com")
        return [body for posted, body in self.posts if posted == path]

    async def receive(self, request: web.Request) -> web.Response:
        self.posts.append((request.path, await request.json()))
        secret = request.match_info["secret"]
        if secret.startswith("fail"):
            return web.Response(status=500, text="internal_error")
        if secret.startswith("gone"):
            return web.Response(status=404, text="no_service")
        return web.Response(text="ok")


@asynccontextmanager
async def slack_stand_in() -> AsyncIterator[SlackStandIn]:
    stand_in = SlackStandIn()
    app = web.Application()
    app.router.add_post("/services/{team}/{bot}/{secret}", stand_in.receive)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    stand_in.base_url = str(server.make_url("")).rstrip("/")
    try:
        yield stand_in
    finally:
        await server.close()
