"""An organisation deleted by the gateway takes its dashboard groups with it, and gets no new ones."""

from __future__ import annotations

from common.projections import Projection
from streams.adapters.projections import PROJECTIONS
from tests.integration.streams.conftest import GROUPS, StreamsUnderTest
from tests.support.rebuild import drift_at_rest
from tests.support.service_under_test import member_of, new_organisation
from tests.support.waiting import eventually


async def test_deleting_an_organisation_deletes_its_groups(streams: StreamsUnderTest) -> None:
    doomed, kept = member_of(new_organisation()), member_of(new_organisation())
    for name in ("Europe", "Asia"):
        await streams.create(doomed, name)
    await streams.create(kept, "Europe")
    assert doomed.managing_organisation_id is not None
    await streams.delete_organisation(doomed.managing_organisation_id)

    async def gone() -> None:
        assert await streams.names(doomed) == []

    await eventually(gone, within=15)
    assert await streams.names(kept) == ["Europe"]
    reply = await streams.call(doomed, "POST", GROUPS, {"name": "Americas", "group_type": "source"})
    assert reply.status == 404, reply.body
    await streams.delete_organisation(doomed.managing_organisation_id)  # again: changes nothing, fails nothing


async def test_the_projection_rebuilds_identically(streams: StreamsUnderTest) -> None:
    admin = member_of(new_organisation())
    group_id = await streams.create(admin, "Europe")
    await streams.call(admin, "PATCH", f"{GROUPS}/{group_id}", {"name": "Asia", "group_type": "mv"})
    await streams.call(admin, "DELETE", f"{GROUPS}/{await streams.create(admin, 'Gone')}")
    projections: list[Projection] = list(PROJECTIONS)
    drift = await drift_at_rest(streams.runtime.pool, "streams", "streams_rebuild", projections)
    assert drift["dashboard_groups"] == 0, drift
