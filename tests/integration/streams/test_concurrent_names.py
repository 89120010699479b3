"""Concurrent writers of one organisation's names on Postgres: exactly one gets a name, the rest 409."""

from __future__ import annotations

import asyncio

from tests.integration.streams.conftest import GROUPS, StreamsUnderTest
from tests.support.service_under_test import member_of, new_organisation

SPELLINGS = ["Europe", "europe", "EUROPE", " Europe ", "Europe ", "eUROPE", "Ｅｕｒｏｐｅ", "europe  "]


async def test_of_concurrent_creations_of_one_name_exactly_one_wins(streams: StreamsUnderTest) -> None:
    admin = member_of(new_organisation())
    replies = await asyncio.gather(
        *(streams.call(admin, "POST", GROUPS, {"name": name, "group_type": "source"}) for name in SPELLINGS)
    )
    assert sorted(r.status for r in replies) == [201] + [409] * (len(SPELLINGS) - 1), [r.body for r in replies]
    assert len(await streams.names(admin)) == 1


async def test_concurrent_renames_onto_one_name_leave_one_holder(streams: StreamsUnderTest) -> None:
    admin = member_of(new_organisation())
    groups = [await streams.create(admin, f"group {i}") for i in range(6)]
    replies = await asyncio.gather(*(streams.call(admin, "PATCH", f"{GROUPS}/{g}", {"name": "Final"}) for g in groups))
    assert sorted(r.status for r in replies) == [200] + [409] * 5, [r.body for r in replies]
    names = await streams.names(admin)
    assert names.count("Final") == 1 and len(names) == 6
    for i, group_id in enumerate(groups):  # every name let go is free again, every name held is taken
        reply = await streams.call(admin, "POST", GROUPS, {"name": f"group {i}", "group_type": "source"})
        assert reply.status == (409 if f"group {i}" in names else 201), (group_id, reply.body)
