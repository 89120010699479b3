"""``python -m bench.proxy --port N --upstream URL``: the least an aiohttp service can do to forward a GET.

Context for the gateway figures, not a figure: one hop through an aiohttp client and server,
nothing else, in front of the hello world.
"""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator

import aiohttp
from aiohttp import web

from common.http.app import serve

SESSION = web.AppKey("session", aiohttp.ClientSession)


def proxy_app(upstream: str) -> web.Application:
    async def session(app: web.Application) -> AsyncIterator[None]:
        app[SESSION] = aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar(), auto_decompress=False)
        yield
        await app[SESSION].close()

    async def forward(request: web.Request) -> web.Response:
        async with request.app[SESSION].get(upstream) as response:
            return web.Response(body=await response.read(), status=response.status)

    app = web.Application()
    app.cleanup_ctx.append(session)
    app.router.add_get("/", forward)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.proxy")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", required=True)
    arguments = parser.parse_args()
    serve(proxy_app(arguments.upstream), host="127.0.0.1", port=arguments.port)


if __name__ == "__main__":
    main()
