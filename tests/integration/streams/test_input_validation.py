"""Bad input bodies are 400 problem details naming the field; nothing is created."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.streams.conftest import StreamsUnderTest
from tests.support.service_under_test import member_of, new_organisation

CASES: list[tuple[str, dict[str, Any], str]] = [
    ("zixi_push", {"id": "x" * 129}, "id"),
    ("zixi_push", {"id": "has space"}, "id"),
    ("zixi_push", {}, "id"),
    ("zixi_push", {"id": "a", "user_description": "d" * 256}, "user_description"),
    ("zixi_push", {"id": "a", "latency": 600_001}, "latency"),
    ("zixi_push", {"id": "a", "latency": -2}, "latency"),
    ("zixi_push", {"id": "a", "port": 19_999}, "port"),
    ("srt_listener", {"id": "a", "port": 21_000}, "port"),
    ("rist", {"id": "a", "port": 80}, "port"),
    ("rist", {"id": "a", "remote_port": 70_000}, "remote_port"),
    ("rist", {"id": "a", "max_bitrate_kbps": 0}, "max_bitrate_kbps"),
    ("zixi_pull", {"id": "a", "stream_id": "s"}, "host"),
    ("zixi_pull", {"id": "a", "host": "h", "stream_id": "s" * 101}, "stream_id"),
    ("srt_caller", {"id": "a", "host": "h"}, "port"),
    ("srt_caller", {"id": "a", "host": "h", "port": 9000, "max_allowed_bitrate_kbps": 0}, "max_allowed_bitrate_kbps"),
    ("srt_caller", {"id": "a", "host": "h", "port": 9000, "colour": "red"}, "colour"),
]


@pytest.fixture
async def environment(streams: StreamsUnderTest) -> tuple[Any, str]:
    admin = member_of(new_organisation())
    return admin, f"/api/customer_environment/{await streams.environment(admin.managing_organisation_id)}/inputs"


@pytest.mark.parametrize(("kind", "body", "field"), CASES, ids=[f"{k}-{f}-{i}" for i, (k, _, f) in enumerate(CASES)])
async def test_a_bad_creation_is_a_400_naming_the_field(
    streams: StreamsUnderTest, environment: tuple[Any, str], kind: str, body: dict[str, Any], field: str
) -> None:
    admin, inputs = environment
    reply = await streams.call(admin, "POST", f"{inputs}/{kind}", body)
    assert reply.status == 400, (body, reply.body)
    assert reply.headers["Content-Type"].startswith("application/problem+json")
    assert field in [error["parameter"] for error in reply.body["errors"]], reply.body
    assert (await streams.call(admin, "GET", inputs)).ok()["objects"] == []


async def test_a_bad_update_is_a_400_naming_the_field(streams: StreamsUnderTest, environment: tuple[Any, str]) -> None:
    admin, inputs = environment
    await streams.call(admin, "POST", f"{inputs}/zixi_pull", {"id": "cam", "host": "h", "stream_id": "s"})
    for body, field in (({"host": None}, "host"), ({"latency": "soon"}, "latency"), ({}, "body"),
                        ({"pull_port": 0}, "pull_port")):  # fmt: skip
        reply = await streams.call(admin, "PATCH", f"{inputs}/zixi_pull/cam", body)
        assert reply.status == 400, (body, reply.body)
        assert field in [error["parameter"] for error in reply.body["errors"]], (body, reply.body)
