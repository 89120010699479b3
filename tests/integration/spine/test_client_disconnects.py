"""A client that goes away mid-request is not a server error: not logged as one, not counted as a 500."""

from __future__ import annotations

import asyncio

from aiohttp.test_utils import TestClient
from prometheus_client import REGISTRY

from tests.support.signing import signed

ITEMS = "/api/items/"


def answered(status: str) -> float:
    labels = {"service": "demo", "route": ITEMS, "method": "POST", "status": status}
    return REGISTRY.get_sample_value("switchyard_http_requests_total", labels) or 0.0


async def test_a_client_that_hangs_up_mid_body_is_counted_as_gone_not_as_a_500(
    demo: TestClient, internal_key: str
) -> None:
    errors_before, gone_before = answered("500"), answered("499")
    body = b'{"name": "never finished", "size": 1}'
    headers = {**signed(internal_key, "POST", ITEMS, raw=body), "Content-Type": "application/json"}
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items()).encode()
    _, writer = await asyncio.open_connection(demo.host, demo.port)
    writer.write(b"POST " + ITEMS.encode() + b" HTTP/1.1\r\nHost: demo\r\nContent-Length: 4096\r\n" + head + b"\r\n")
    writer.write(body[:10])
    await writer.drain()
    await asyncio.sleep(0.2)
    writer.close()
    await writer.wait_closed()
    for _ in range(50):
        if answered("499") > gone_before:
            break
        await asyncio.sleep(0.05)
    assert answered("499") == gone_before + 1
    assert answered("500") == errors_before
