"""What a careless or hostile client sends is answered as a problem it can read, never as a 500: text Postgres
cannot store, bodies nested too deeply, undecodable headers, odd paths, correlation ids we could not carry."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from aiohttp.test_utils import TestClient
from yarl import URL

from tests.support.signing import signed

ITEMS = "/api/items/"


def auth(internal_key: str, method: str = "POST", path: str = ITEMS, raw: bytes | str = b"") -> dict[str, str]:
    return signed(internal_key, method, path, raw=raw, user_id=uuid.UUID(int=11))


async def raw_status(client: TestClient, request: bytes) -> int:
    """Send bytes no HTTP client library would (a header that is not UTF-8); the status of the answer."""
    reader, writer = await asyncio.open_connection(client.host, client.port)
    writer.write(request)
    await writer.drain()
    status_line = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return int(status_line.split()[1])


@pytest.mark.parametrize(
    ("body", "parameter"),
    [
        ('{"name": "nul\\u0000", "size": 1}', "name"),
        ('{"name": "a\\ud800", "size": 1}', "name"),
        ('{"name": "ok", "size": 1, "extra": ["x", "\\ud800"]}', "extra.1"),
        ('{"name": "ok", "size": 1, "key\\u0000": 1}', "body"),
    ],
    ids=["nul", "unpaired-surrogate", "deep-unpaired-surrogate", "nul-in-a-key"],
)
async def test_text_postgres_cannot_store_is_a_400_naming_where_it_is(
    demo: TestClient, internal_key: str, body: str, parameter: str
) -> None:
    headers = {**auth(internal_key, raw=body), "Content-Type": "application/json"}
    response = await demo.post(ITEMS, data=body, headers=headers)
    assert response.status == 400, await response.text()
    assert [e["parameter"] for e in (await response.json())["errors"]] == [parameter]


async def test_a_body_nested_too_deeply_is_a_400(demo: TestClient, internal_key: str) -> None:
    body = "[" * 2000 + "]" * 2000
    response = await demo.post(
        ITEMS, data=body, headers={**auth(internal_key, raw=body), "Content-Type": "application/json"}
    )
    assert response.status == 400 and (await response.json())["detail"] == "the body is nested too deeply"


async def test_an_idempotency_key_that_is_not_printable_ascii_is_a_400(demo: TestClient, internal_key: str) -> None:
    body = b'{"name": "keyed", "size": 1}'

    def request(key: bytes) -> bytes:
        headers = {**auth(internal_key, raw=body), "Content-Type": "application/json", "Content-Length": str(len(body))}
        head = "".join(f"{name}: {value}\r\n" for name, value in headers.items()).encode()
        start = b"POST " + ITEMS.encode() + b" HTTP/1.1\r\nHost: demo\r\nConnection: close\r\n" + head
        return start + b"Idempotency-Key: " + key + b"\r\n\r\n" + body

    assert await raw_status(demo, request(b"caf\xe9")) == 400
    assert await raw_status(demo, request(b"caf\xc3\xa9")) == 400
    assert await raw_status(demo, request(b"cafe")) == 201


async def test_the_problem_instance_is_the_request_path_as_a_uri_reference(demo: TestClient) -> None:
    response = await demo.get(URL("/api/n%C3%B6where/%F3%A1%A2%AA/%zz", encoded=True))
    assert response.status == 401
    assert (await response.json())["instance"] == "/api/n%C3%B6where/%F3%A1%A2%AA/%25zz"


async def test_a_correlation_id_we_could_not_carry_everywhere_is_replaced(demo: TestClient) -> None:
    kept = await demo.get("/health", headers={"X-Correlation-ID": "trace-42"})
    assert kept.headers["X-Correlation-ID"] == "trace-42"
    for unusable in ("x" * 129, "tab\there", "café"):
        replaced = await demo.get("/health", headers={"X-Correlation-ID": unusable})
        assert replaced.headers["X-Correlation-ID"] not in (unusable, ""), unusable
