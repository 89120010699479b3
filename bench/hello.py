"""``python -m bench.hello --port N``: the aiohttp "hello world" app the HTTP figures are measured against."""

from __future__ import annotations

import argparse

from aiohttp import web

from common.http.app import serve


async def hello(request: web.Request) -> web.Response:
    return web.Response(text="Hello, world")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.hello")
    parser.add_argument("--port", type=int, required=True)
    app = web.Application()
    app.router.add_get("/", hello)
    serve(app, host="127.0.0.1", port=parser.parse_args().port)  # on the event loop the services run on


if __name__ == "__main__":
    main()
