"""Concurrent writers of one environment's ports on Postgres: exactly one gets a port, the rest 409 naming it."""

from __future__ import annotations

import asyncio

from common.projections import Projection
from streams.adapters.projections import PROJECTIONS
from tests.integration.streams.conftest import StreamsUnderTest
from tests.support.rebuild import drift_at_rest
from tests.support.service_under_test import member_of, new_organisation


async def test_of_twenty_creations_asking_for_one_port_exactly_one_wins(streams: StreamsUnderTest) -> None:
    admin = member_of(new_organisation())
    inputs = f"/api/customer_environment/{await streams.environment(admin.managing_organisation_id)}/inputs"
    kinds = ["zixi_push", "srt_listener", "rist", "rist"] * 5
    replies = await asyncio.gather(*(streams.call(admin, "POST", f"{inputs}/{kind}", {"id": f"in-{i}", "port": 20500})
                                     for i, kind in enumerate(kinds)))  # fmt: skip
    assert sorted(r.status for r in replies) == [201] + [409] * 19, [r.body for r in replies if r.status != 409]
    assert all("20500" in r.body["detail"] for r in replies if r.status == 409)
    listed = (await streams.call(admin, "GET", inputs)).ok()["objects"]
    assert [i["port"] for i in listed] == [20500]


async def test_concurrent_creations_without_a_port_get_distinct_ones(streams: StreamsUnderTest) -> None:
    admin = member_of(new_organisation())
    inputs = f"/api/customer_environment/{await streams.environment(admin.managing_organisation_id)}/inputs"
    replies = await asyncio.gather(*(streams.call(admin, "POST", f"{inputs}/srt_listener", {"id": f"in-{i}"})
                                     for i in range(10)))  # fmt: skip
    assert sorted(r.ok(201)["port"] for r in replies) == list(range(20000, 20010))


async def test_the_projections_rebuild_identically(streams: StreamsUnderTest) -> None:
    admin = member_of(new_organisation())
    env = await streams.environment(admin.managing_organisation_id)
    inputs = f"/api/customer_environment/{env}/inputs"
    await streams.call(admin, "POST", f"{inputs}/zixi_push", {"id": "a"})
    await streams.call(admin, "PATCH", f"{inputs}/zixi_push/a", {"latency": 10, "port": 20100})
    await streams.call(admin, "POST", f"{inputs}/rist", {"id": "b"})
    await streams.call(admin, "DELETE", f"{inputs}/b")
    await streams.call(admin, "POST", f"{inputs}/rist", {"id": "b", "remote_port": 5000})
    projections: list[Projection] = list(PROJECTIONS)
    drift = await drift_at_rest(streams.runtime.pool, "streams", "streams_rebuild", projections)
    assert set(drift.values()) == {0}, drift
