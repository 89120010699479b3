"""Inputs through the streams service (A056, A059–A070) on Postgres and RabbitMQ: every kind's fields, limits and
defaults, ports inside the environment's range, ids per organisation, other tenants' environments unseen."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.streams.conftest import StreamsUnderTest
from tests.support.service_under_test import member_of, new_organisation

BODIES: dict[str, dict[str, Any]] = {
    "zixi_pull": {"host": "feeder.example.com", "stream_id": "match"},
    "zixi_push": {},
    "srt_caller": {"host": "10.0.0.5", "port": 9000},
    "srt_listener": {},
    "rist": {},
}
DEFAULTS = {
    "zixi_pull": {"latency": 6000, "pull_port": 2077},
    "zixi_push": {"latency": 6000, "port": 20000},
    "srt_caller": {"latency": 6000, "stream_id": None},
    "srt_listener": {"latency": 6000, "port": 20000},
    "rist": {"max_latency": 1000, "max_bitrate_kbps": 8000, "remote_port": None, "port": 20000},
}


def inputs_of(environment_id: str) -> str:
    return f"/api/customer_environment/{environment_id}/inputs"


@pytest.mark.parametrize("kind", list(BODIES))
async def test_each_kind_is_created_with_the_seeds_defaults_updated_and_deleted(
    streams: StreamsUnderTest, kind: str
) -> None:
    operator = member_of(new_organisation(), "operator")
    env = await streams.environment(operator.managing_organisation_id)
    reply = await streams.call(operator, "POST", f"{inputs_of(env)}/{kind}", {"id": "cam-1", **BODIES[kind]})
    created = reply.ok(201)
    assert reply.headers["Location"] == created["resource_uri"] == f"{inputs_of(env)}/cam-1"
    assert (created["input_type"], created["environment_id"]) == (kind, env)
    assert DEFAULTS[kind].items() <= created["input_settings"].items(), created
    changed = (await streams.call(operator, "PATCH", f"{inputs_of(env)}/{kind}/cam-1",
                                  {"user_description": "Studio A", "max_allowed_bitrate_kbps": 9000})).ok()  # fmt: skip
    assert (changed["user_description"], changed["max_allowed_bitrate_kbps"]) == ("Studio A", 9000)
    assert changed["input_settings"].items() >= {**BODIES[kind], **DEFAULTS[kind]}.items()
    assert [i["id"] for i in (await streams.call(operator, "GET", "/api/inputs")).ok()["objects"]] == ["cam-1"]
    assert (await streams.call(operator, "DELETE", created["resource_uri"])).status == 204
    assert (await streams.call(operator, "GET", inputs_of(env))).ok()["objects"] == []
    assert (await streams.call(operator, "DELETE", created["resource_uri"])).status == 404


async def test_listeners_get_ports_in_the_range_and_a_deleted_one_frees_its_port(streams: StreamsUnderTest) -> None:
    admin = member_of(new_organisation())
    env = await streams.environment(admin.managing_organisation_id)
    ports = []
    for i, kind in enumerate(("zixi_push", "srt_listener", "rist")):
        ports.append((await streams.call(admin, "POST", f"{inputs_of(env)}/{kind}", {"id": f"in-{i}"})).ok(201)["port"])
    assert ports == [20000, 20001, 20002]
    taken = await streams.call(admin, "POST", f"{inputs_of(env)}/rist", {"id": "x", "port": 20001})
    assert taken.status == 409 and "20001" in taken.body["detail"], taken.body
    assert (await streams.call(admin, "DELETE", f"{inputs_of(env)}/in-1")).status == 204
    again = await streams.call(admin, "POST", f"{inputs_of(env)}/rist", {"id": "x", "port": 20001})
    assert again.ok(201)["port"] == 20001
    moved = await streams.call(admin, "PATCH", f"{inputs_of(env)}/zixi_push/in-0", {"port": 20999})
    assert moved.ok()["port"] == 20999
    other_env = await streams.environment(admin.managing_organisation_id)
    elsewhere = await streams.call(admin, "POST", f"{inputs_of(other_env)}/zixi_push", {"id": "y", "port": 20001})
    assert elsewhere.ok(201)["port"] == 20001


async def test_an_id_is_unique_in_the_organisation_and_reusable_once_deleted(streams: StreamsUnderTest) -> None:
    admin, stranger = member_of(new_organisation()), member_of(new_organisation())
    env, second = [await streams.environment(admin.managing_organisation_id) for _ in range(2)]
    await streams.call(admin, "POST", f"{inputs_of(env)}/zixi_push", {"id": "cam"})
    for target in (env, second):
        reused = await streams.call(admin, "POST", f"{inputs_of(target)}/srt_listener", {"id": "cam"})
        assert reused.status == 409 and "cam" in reused.body["detail"], reused.body
    strangers_env = await streams.environment(stranger.managing_organisation_id)
    assert (await streams.call(stranger, "POST", f"{inputs_of(strangers_env)}/zixi_push", {"id": "cam"})).status == 201
    await streams.call(admin, "DELETE", f"{inputs_of(env)}/cam")
    assert (await streams.call(admin, "POST", f"{inputs_of(second)}/rist", {"id": "cam"})).status == 201


async def test_another_tenants_or_an_unknown_environment_is_404_and_a_deleted_one_409(
    streams: StreamsUnderTest,
) -> None:
    owner, stranger = member_of(new_organisation()), member_of(new_organisation())
    env = await streams.environment(owner.managing_organisation_id)
    await streams.call(owner, "POST", f"{inputs_of(env)}/zixi_push", {"id": "cam"})
    for target in (env, "00000000-0000-4000-8000-000000000000", "not-a-uuid"):
        assert (await streams.call(stranger, "POST", f"{inputs_of(target)}/zixi_push", {"id": "x"})).status == 404
        assert (await streams.call(stranger, "DELETE", f"{inputs_of(target)}/cam")).status == 404
        assert (
            await streams.call(stranger, "PATCH", f"{inputs_of(target)}/zixi_push/cam", {"latency": 1})
        ).status == 404
        assert (await streams.call(stranger, "GET", inputs_of(target))).status == 404
    assert (await streams.call(stranger, "GET", "/api/inputs")).ok()["objects"] == []
    assert owner.managing_organisation_id is not None
    await streams.environment_became(owner.managing_organisation_id, env, "deleted")
    refused = await streams.call(owner, "POST", f"{inputs_of(env)}/srt_listener", {"id": "late"})
    assert refused.status == 409 and "deleted" in refused.body["detail"], refused.body


async def test_a_monitor_lists_but_may_not_write(streams: StreamsUnderTest) -> None:
    organisation_id = new_organisation()
    env = await streams.environment(organisation_id)
    await streams.call(member_of(organisation_id), "POST", f"{inputs_of(env)}/zixi_push", {"id": "cam"})
    monitor = member_of(organisation_id, "monitor")
    assert [i["id"] for i in (await streams.call(monitor, "GET", inputs_of(env))).ok()["objects"]] == ["cam"]
    assert (await streams.call(monitor, "POST", f"{inputs_of(env)}/zixi_push", {"id": "x"})).status == 403
    assert (await streams.call(monitor, "DELETE", f"{inputs_of(env)}/cam")).status == 403
