"""Bad output bodies are 400 problem details naming the field, at the seed's boundaries; nothing is created."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.streams.conftest import StreamsUnderTest
from tests.support.service_under_test import member_of, new_organisation

PUSH = {"host": "z", "port": 2088, "stream_id": "s"}
CALLER = {"host": "h", "port": 9000}
RIST = {"host": "h", "port": 5000}
CASES: list[tuple[str, dict[str, Any], str]] = [
    ("zixi_pull", {"id": "x" * 129, "stream_id": "s"}, "id"),
    ("zixi_pull", {"id": "a", "stream_id": "s" * 101}, "stream_id"),
    ("zixi_pull", {"id": "a", "stream_id": "s", "remote_id": "r" * 101}, "remote_id"),
    ("zixi_pull", {"id": "a", "stream_id": "s", "port": 20999}, "port"),
    ("zixi_pull", {"id": "a", "stream_id": "s", "latency": 600_001}, "latency"),
    ("zixi_push", {"id": "a", **PUSH, "port": 65_536}, "port"),
    ("zixi_push", {"id": "a", **PUSH, "user_description": "d" * 256}, "user_description"),
    ("rtmp", {"id": "a", "url": "http://x/app"}, "url"),
    ("rtmp", {"id": "a", "url": "rtmp://x/app", "backup_url": "srt://x"}, "backup_url"),
    ("rtmp", {"id": "a", "url": "rtmp://x/app", "bitrate": -1}, "bitrate"),
    ("srt_listener", {"id": "a", "latency": 600_000}, "latency"),
    ("srt_listener", {"id": "a", "latency": 0}, "latency"),
    ("srt_listener", {"id": "a", "encryption_type": 4}, "encryption_type"),
    ("srt_listener", {"id": "a", "encryption_type": 1}, "password"),
    ("srt_listener", {"id": "a", "password": "p" * 12}, "password"),
    ("srt_caller", {"id": "a", **CALLER, "encryption_type": 2, "password": "p" * 9}, "password"),
    ("srt_caller", {"id": "a", **CALLER, "encryption_type": 2, "password": "p" * 81}, "password"),
    ("srt_caller", {"id": "a", **CALLER, "port": 1024}, "port"),
    ("rist", {"id": "a", **RIST, "port": 1024}, "port"),
    ("rist", {"id": "a", **RIST, "port": 65_535}, "port"),
    ("rist", {"id": "a", **RIST, "local_port": 1024}, "local_port"),
    ("rist", {"id": "a", **RIST, "local_port": 2088}, "local_port"),
    ("rist", {"id": "a", **RIST, "local_port": 30_000}, "local_port"),
    ("rist", {"id": "a", **RIST, "fec": 3}, "fec"),
    ("rist", {"id": "a", **RIST, "fec": 1, "rows_d": 3}, "rows_d"),
    ("rist", {"id": "a", **RIST, "fec": 2, "columns_l": 21}, "columns_l"),
    ("rist", {"id": "a", **RIST, "ttl": 226}, "ttl"),
    ("rist", {"id": "a", **RIST, "colour": "red"}, "colour"),
]
ACCEPTED: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("zixi_pull", {"stream_id": "s", "latency": -5}, {"latency": None}),
    ("zixi_push", {**PUSH, "port": 0, "latency": 600_000}, {"port": 0, "latency": 600_000}),
    ("rtmp", {"url": "rtmps://x/app", "backup_url": "rtmp://y/app"}, {"bitrate": 0, "reconnect": 5}),
    ("srt_listener", {"latency": 599_999, "encryption_type": 3, "password": "p" * 80}, {"password_set": True}),
    ("srt_caller", {**CALLER, "port": 65_535, "latency": 1, "encryption_type": 1, "password": "p" * 10}, {}),
    ("rist", {**RIST, "port": 1025, "fec": 1}, {"rows_d": 10, "columns_l": 10}),
    ("rist", {**RIST, "port": 65_534, "fec": 2, "rows_d": 20, "columns_l": 1, "ttl": 225}, {"rows_d": 20}),
    ("rist", {**RIST, "fec": 2, "rows_d": 4, "columns_l": 20, "ttl": 0}, {"rows_d": 4, "columns_l": 20}),
]


@pytest.fixture
async def environment(streams: StreamsUnderTest) -> tuple[Any, str]:
    admin = member_of(new_organisation())
    return admin, f"/api/customer_environment/{await streams.environment(admin.managing_organisation_id)}/outputs"


@pytest.mark.parametrize(("kind", "body", "field"), CASES, ids=[f"{k}-{f}-{i}" for i, (k, _, f) in enumerate(CASES)])
async def test_a_bad_creation_is_a_400_naming_the_field(
    streams: StreamsUnderTest, environment: tuple[Any, str], kind: str, body: dict[str, Any], field: str
) -> None:
    admin, outputs = environment
    reply = await streams.call(admin, "POST", f"{outputs}/{kind}", body)
    assert reply.status == 400, reply.body
    assert field in [error["parameter"] for error in reply.body["errors"]], reply.body
    assert (await streams.call(admin, "GET", outputs)).ok()["objects"] == []


@pytest.mark.parametrize(
    ("kind", "body", "expected"), ACCEPTED, ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(ACCEPTED)]
)
async def test_the_boundaries_are_accepted(
    streams: StreamsUnderTest, environment: tuple[Any, str], kind: str, body: dict[str, Any], expected: dict[str, Any]
) -> None:
    admin, outputs = environment
    created = (await streams.call(admin, "POST", f"{outputs}/{kind}", {"id": "a", **body})).ok(201)
    assert expected.items() <= created["output_settings"].items(), created


async def test_an_update_keeps_the_password_and_turning_encryption_off_forgets_it(
    streams: StreamsUnderTest, environment: tuple[Any, str]
) -> None:
    admin, outputs = environment
    body = {"id": "a", "encryption_type": 1, "password": "secret-password"}
    await streams.call(admin, "POST", f"{outputs}/srt_listener", body)
    kept = (await streams.call(admin, "PATCH", f"{outputs}/srt_listener/a", {"encryption_type": 3})).ok()
    assert kept["output_settings"]["password_set"] is True
    off = (await streams.call(admin, "PATCH", f"{outputs}/srt_listener/a", {"encryption_type": 0})).ok()
    assert off["output_settings"]["password_set"] is False
    sql = "SELECT count(*) FROM streams.output_secrets WHERE organisation_id = $1 AND output_id = 'a'"
    assert await streams.runtime.pool.fetchval(sql, admin.managing_organisation_id) == 0
    again = await streams.call(admin, "PATCH", f"{outputs}/srt_listener/a", {"encryption_type": 2})
    assert again.status == 400 and again.body["errors"][0]["parameter"] == "password", again.body
