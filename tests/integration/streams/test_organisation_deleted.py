"""An organisation deleted by the gateway takes its dashboard groups with it, and gets no new ones; the inputs and
outputs a creation racing its deletion left it go with the next sweep. (Its inputs and outputs going with the
deletion itself, off a real agent: ``test_agent_holds_endpoints``.)"""

from __future__ import annotations

import uuid

from common.projections import Projection
from streams.adapters.projections import PROJECTIONS
from streams.entrypoints.workers import withdraw_once
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


async def test_what_a_creation_racing_the_deletion_left_goes_with_the_sweep(streams: StreamsUnderTest) -> None:
    doomed, kept = new_organisation(), new_organisation()
    for organisation_id in (doomed, kept):
        env = f"/api/customer_environment/{await streams.environment(organisation_id)}"
        for side in ("inputs", "outputs"):
            (await streams.call(member_of(organisation_id), "POST", f"{env}/{side}/srt_listener", {"id": "late"})).ok(
                201
            )
    # as if the deletion's handler had read the organisation's endpoints just before these were created
    await streams.runtime.pool.execute(
        "INSERT INTO streams.deleted_organisations (organisation_id, deleted_at) VALUES ($1, now())", doomed
    )
    await withdraw_once(streams.runtime)

    async def live(organisation_id: int) -> list[tuple[str, uuid.UUID]]:
        rows = await streams.runtime.pool.fetch(
            """SELECT 'input', environment_id FROM streams.inputs WHERE organisation_id = $1 AND NOT deleted
               UNION ALL SELECT 'output', environment_id FROM streams.outputs
               WHERE taker_organisation_id = $1 AND NOT deleted""",
            organisation_id,
        )
        return [(row[0], row[1]) for row in rows]

    assert await live(doomed) == []
    assert sorted(side for side, _ in await live(kept)) == ["input", "output"]
