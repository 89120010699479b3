"""Outputs through the streams service (A087, A089–A103) on Postgres and RabbitMQ: every kind's defaults, listener
ports inside the environment's output range, ids per taker, other tenants' environments unseen."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

from common.bus.topology import EVENTS
from common.projections import Projection
from streams.adapters.projections import PROJECTIONS
from tests.integration.streams.conftest import StreamsUnderTest
from tests.support.bus import drain, tap
from tests.support.rebuild import drift_at_rest
from tests.support.service_under_test import member_of, new_organisation

BODIES: dict[str, dict[str, Any]] = {
    "zixi_pull": {"stream_id": "match"},
    "zixi_push": {"host": "zixi.example.com", "port": 2088, "stream_id": "match"},
    "rtmp": {"url": "rtmp://live.example.com/app"},
    "srt_listener": {},
    "srt_caller": {"host": "10.0.0.5", "port": 9000},
    "rist": {"host": "10.0.0.6", "port": 5000},
}
DEFAULTS: dict[str, dict[str, Any]] = {
    "zixi_pull": {"latency": None, "port": 21000, "remote_id": None},
    "zixi_push": {"latency": None},
    "rtmp": {"bitrate": 0, "reconnect": 5, "backup_url": None, "url": "rtmp://live.example.com/********"},
    "srt_listener": {"latency": 6000, "encryption_type": 0, "password_set": False, "port": 21000},
    "srt_caller": {"latency": 6000, "encryption_type": 0, "password_set": False, "stream_id": None},
    "rist": {"local_port": 0, "fec": 0, "rows_d": None, "columns_l": None, "ttl": None},
}


def outputs_of(environment_id: str) -> str:
    return f"/api/customer_environment/{environment_id}/outputs"


@pytest.mark.parametrize("kind", list(BODIES))
async def test_each_kind_is_created_with_the_seeds_defaults_read_updated_and_deleted(
    streams: StreamsUnderTest, kind: str
) -> None:
    operator = member_of(new_organisation(), "operator")
    env = await streams.environment(operator.managing_organisation_id)
    reply = await streams.call(operator, "POST", f"{outputs_of(env)}/{kind}", {"id": "out-1", **BODIES[kind]})
    created = reply.ok(201)
    assert reply.headers["Location"] == created["resource_uri"] == f"{outputs_of(env)}/out-1"
    assert (created["output_type"], created["taker_organisation_id"]) == (kind, operator.managing_organisation_id)
    assert DEFAULTS[kind].items() <= created["output_settings"].items(), created
    assert (await streams.call(operator, "GET", created["resource_uri"])).ok() == created
    path = f"{outputs_of(env)}/{kind}/out-1"
    changed = (await streams.call(operator, "PATCH", path, {"user_description": "Studio A"})).ok()
    assert changed["user_description"] == "Studio A"
    assert changed["output_settings"].items() >= {**BODIES[kind], **DEFAULTS[kind]}.items(), "shown as created"
    assert [o["id"] for o in (await streams.call(operator, "GET", "/api/outputs")).ok()["objects"]] == ["out-1"]
    assert (await streams.call(operator, "DELETE", created["resource_uri"])).status == 204
    assert (await streams.call(operator, "GET", outputs_of(env))).ok()["objects"] == []
    assert (await streams.call(operator, "GET", created["resource_uri"])).status == 404
    assert (await streams.call(operator, "DELETE", created["resource_uri"])).status == 404


async def test_listeners_take_output_ports_apart_from_inputs_and_a_deleted_one_frees_its_port(
    streams: StreamsUnderTest,
) -> None:
    admin = member_of(new_organisation())
    env = await streams.environment(admin.managing_organisation_id)
    await streams.call(admin, "POST", f"/api/customer_environment/{env}/inputs/srt_listener", {"id": "in"})
    first = (await streams.call(admin, "POST", f"{outputs_of(env)}/srt_listener", {"id": "a"})).ok(201)
    second = (await streams.call(admin, "POST", f"{outputs_of(env)}/zixi_pull", {"id": "b", "stream_id": "s"})).ok(201)
    rist = {"id": "c", "host": "h", "port": 5000, "local_port": 21500}
    third = (await streams.call(admin, "POST", f"{outputs_of(env)}/rist", rist)).ok(201)
    assert [first["port"], second["port"], third["port"]] == [21000, 21001, 21500]
    taken = await streams.call(admin, "POST", f"{outputs_of(env)}/srt_listener", {"id": "x", "port": 21500})
    assert taken.status == 409 and "21500" in taken.body["detail"], taken.body
    released = await streams.call(admin, "PATCH", f"{outputs_of(env)}/rist/c", {"local_port": 0})
    assert released.ok()["port"] is None
    assert (await streams.call(admin, "POST", f"{outputs_of(env)}/srt_listener", {"id": "x", "port": 21500})).ok(201)
    assert (await streams.call(admin, "DELETE", f"{outputs_of(env)}/a")).status == 204
    moved = await streams.call(admin, "PATCH", f"{outputs_of(env)}/zixi_pull/b", {"port": 21000})
    assert moved.ok()["port"] == 21000
    outside = await streams.call(admin, "POST", f"{outputs_of(env)}/srt_listener", {"id": "y", "port": 20000})
    assert outside.status == 400 and outside.body["errors"][0]["parameter"] == "port", outside.body


async def test_another_tenants_or_an_unknown_environment_is_404_and_a_deleted_one_409(
    streams: StreamsUnderTest,
) -> None:
    owner, stranger = member_of(new_organisation()), member_of(new_organisation())
    env = await streams.environment(owner.managing_organisation_id)
    out = (await streams.call(owner, "POST", f"{outputs_of(env)}/rtmp", {"id": "o", **BODIES["rtmp"]})).ok(201)
    for target in (env, "00000000-0000-4000-8000-000000000000", "not-a-uuid"):
        assert (await streams.call(stranger, "POST", f"{outputs_of(target)}/rtmp", {"id": "x", **BODIES["rtmp"]})
                ).status == 404  # fmt: skip
        assert (await streams.call(stranger, "DELETE", f"{outputs_of(target)}/o")).status == 404
        assert (await streams.call(stranger, "GET", f"{outputs_of(target)}/o")).status == 404
        assert (await streams.call(stranger, "PATCH", f"{outputs_of(target)}/rtmp/o", {"bitrate": 1})).status == 404
        assert (await streams.call(stranger, "GET", outputs_of(target))).status == 404
    assert (await streams.call(stranger, "GET", "/api/outputs")).ok()["objects"] == []
    kind = await streams.call(owner, "PATCH", f"{outputs_of(env)}/srt_caller/o", {"latency": 10})
    assert kind.status == 409, kind.body
    assert owner.managing_organisation_id is not None
    await streams.environment_became(owner.managing_organisation_id, env, "deleted")
    refused = await streams.call(owner, "POST", f"{outputs_of(env)}/srt_listener", {"id": "late"})
    assert refused.status == 409 and "deleted" in refused.body["detail"], refused.body
    assert (await streams.call(owner, "GET", out["resource_uri"])).ok()["id"] == "o"


async def test_a_monitor_reads_but_may_not_write_or_see_the_overview(streams: StreamsUnderTest) -> None:
    organisation_id = new_organisation()
    env = await streams.environment(organisation_id)
    await streams.call(member_of(organisation_id), "POST", f"{outputs_of(env)}/srt_listener", {"id": "o"})
    monitor = member_of(organisation_id, "monitor")
    assert [o["id"] for o in (await streams.call(monitor, "GET", "/api/outputs")).ok()["objects"]] == ["o"]
    assert (await streams.call(monitor, "GET", f"{outputs_of(env)}/o")).ok()["id"] == "o"
    assert (await streams.call(monitor, "GET", outputs_of(env))).status == 403
    assert (await streams.call(monitor, "POST", f"{outputs_of(env)}/srt_listener", {"id": "x"})).status == 403
    assert (await streams.call(monitor, "DELETE", f"{outputs_of(env)}/o")).status == 403


async def test_of_twenty_creations_asking_for_one_output_port_exactly_one_wins(streams: StreamsUnderTest) -> None:
    admin = member_of(new_organisation())
    outputs = outputs_of(await streams.environment(admin.managing_organisation_id))
    rist = {"local_port": 21500, "host": "h", "port": 5000}
    bodies = [("srt_listener", {"port": 21500}), ("zixi_pull", {"port": 21500, "stream_id": "s"}), ("rist", rist),
              ("srt_listener", {"port": 21500})] * 5  # fmt: skip
    replies = await asyncio.gather(*(streams.call(admin, "POST", f"{outputs}/{kind}", {"id": f"o-{i}", **body})
                                     for i, (kind, body) in enumerate(bodies)))  # fmt: skip
    assert sorted(r.status for r in replies) == [201] + [409] * 19, [r.body for r in replies if r.status != 409]
    assert all("21500" in r.body["detail"] for r in replies if r.status == 409)
    assert [o["port"] for o in (await streams.call(admin, "GET", outputs)).ok()["objects"]] == [21500]


async def test_concurrent_creations_without_a_port_get_distinct_ones(streams: StreamsUnderTest) -> None:
    admin = member_of(new_organisation())
    outputs = outputs_of(await streams.environment(admin.managing_organisation_id))
    replies = await asyncio.gather(*(streams.call(admin, "POST", f"{outputs}/srt_listener", {"id": f"o-{i}"})
                                     for i in range(20)))  # fmt: skip
    assert sorted(r.ok(201)["port"] for r in replies) == list(range(21000, 21020))


async def test_the_projections_rebuild_identically_with_outputs(streams: StreamsUnderTest) -> None:
    admin = member_of(new_organisation())
    outputs = outputs_of(await streams.environment(admin.managing_organisation_id))
    await streams.call(admin, "POST", f"{outputs}/srt_listener", {"id": "a"})
    await streams.call(admin, "PATCH", f"{outputs}/srt_listener/a", {"latency": 10, "port": 21100})
    await streams.call(admin, "POST", f"{outputs}/rist", {"id": "b", "host": "h", "port": 5000, "local_port": 21001})
    await streams.call(admin, "DELETE", f"{outputs}/b")
    await streams.call(admin, "POST", f"{outputs}/rtmp", {"id": "b", **BODIES["rtmp"]})
    projections: list[Projection] = list(PROJECTIONS)
    drift = await drift_at_rest(streams.runtime.pool, "streams", "streams_rebuild", projections)
    assert set(drift.values()) == {0}, drift


async def test_an_output_created_on_an_agreement_is_published_bound_to_it(streams: StreamsUnderTest) -> None:
    operator = member_of(new_organisation(), "operator")
    env = await streams.environment(operator.managing_organisation_id)
    agreement = str(uuid.uuid4())
    channel = await streams.runtime.connection.channel()
    bound = await tap(channel, EVENTS, "streams.OutputBoundToAgreement")
    try:
        body = {"id": "permanent-1", **BODIES["rtmp"], "agreement_id": agreement}
        created = (await streams.call(operator, "POST", f"{outputs_of(env)}/rtmp", body)).ok(201)
        assert "agreement_id" not in created["output_settings"]
        found = [m["payload"] for m in await drain(bound, 1) if m["payload"]["agreement_id"] == agreement]
        assert found == [{**found[0], "organisation_id": operator.managing_organisation_id, "environment_id": env,
                          "output_id": "permanent-1", "agreement_id": agreement}]  # fmt: skip
        bad = await streams.call(operator, "POST", f"{outputs_of(env)}/rtmp", {**body, "agreement_id": "nope"})
        assert bad.status == 400 and "agreement_id" in str(bad.body)
    finally:
        await bound.delete(if_unused=False, if_empty=False)
        await channel.close()
