"""Dashboard group use cases on the in-memory unit of work: names stay unique, organisations take their groups."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from common.errors import Conflict, NotFound
from common.unit_of_work import UnitOfWork
from streams.service_layer import dashboard_groups
from tests.unit.streams.service import InMemoryStreams

ORG, OTHER = 1000, 2000


async def test_a_group_is_created_changed_and_deleted() -> None:
    service = InMemoryStreams()
    group_id = await dashboard_groups.create(service.run, ORG, "Europe", "source")
    await dashboard_groups.update(service.run, ORG, group_id, "Asia", None)
    group = await service.group(group_id)
    assert (group.name, group.group_type, group.organisation_id) == ("Asia", "source", ORG)
    await dashboard_groups.delete(service.run, ORG, group_id)
    assert (await service.group(group_id)).deleted
    assert (await service.names(ORG)).holders == {}


async def test_a_name_is_unique_per_organisation_only() -> None:
    service = InMemoryStreams()
    await dashboard_groups.create(service.run, ORG, "Europe", "source")
    with pytest.raises(Conflict):
        await dashboard_groups.create(service.run, ORG, " EUROPE ", "destination")
    await dashboard_groups.create(service.run, OTHER, "Europe", "source")


async def test_a_renamed_or_deleted_groups_name_is_free_again() -> None:
    service = InMemoryStreams()
    renamed = await dashboard_groups.create(service.run, ORG, "Europe", "source")
    deleted = await dashboard_groups.create(service.run, ORG, "Asia", "mv")
    await dashboard_groups.update(service.run, ORG, renamed, "Americas", None)
    await dashboard_groups.delete(service.run, ORG, deleted)
    await dashboard_groups.create(service.run, ORG, "europe", "source")
    await dashboard_groups.create(service.run, ORG, "asia", "source")


async def test_a_rename_onto_a_taken_name_changes_nothing() -> None:
    service = InMemoryStreams()
    await dashboard_groups.create(service.run, ORG, "Europe", "source")
    asia = await dashboard_groups.create(service.run, ORG, "Asia", "source")
    with pytest.raises(Conflict):
        await dashboard_groups.update(service.run, ORG, asia, "europe", "mv")
    assert ((await service.group(asia)).name, (await service.group(asia)).group_type) == ("Asia", "source")


async def test_another_tenants_group_and_an_unknown_one_are_not_found() -> None:
    service = InMemoryStreams()
    group_id = await dashboard_groups.create(service.run, ORG, "Europe", "source")
    for organisation_id, target in ((OTHER, group_id), (ORG, uuid.uuid4())):
        with pytest.raises(NotFound):
            await dashboard_groups.update(service.run, organisation_id, target, "Mine", None)
        with pytest.raises(NotFound):
            await dashboard_groups.delete(service.run, organisation_id, target)


async def test_concurrent_renames_of_one_group_leave_only_its_last_name_held() -> None:
    service = InMemoryStreams()
    group_id = await dashboard_groups.create(service.run, ORG, "A", "source")
    await asyncio.gather(*(dashboard_groups.update(service.run, ORG, group_id, n, None) for n in "BCDE"))
    group, taken = await service.group(group_id), await service.names(ORG)
    assert dict(taken.holders) == {group.name.lower(): group_id}


async def test_a_deleted_organisation_takes_its_groups_and_gets_no_new_ones() -> None:
    service = InMemoryStreams()
    kept = await dashboard_groups.create(service.run, OTHER, "Europe", "source")
    gone = [await dashboard_groups.create(service.run, ORG, name, "source") for name in ("Europe", "Asia")]

    async def deleted(work: UnitOfWork) -> None:
        await dashboard_groups.organisation_deleted(work, ORG)

    await service.run(deleted)
    await service.run(deleted)  # a redelivery
    assert [(await service.group(g)).deleted for g in gone] == [True, True]
    assert not (await service.group(kept)).deleted
    with pytest.raises(NotFound):
        await dashboard_groups.create(service.run, ORG, "Americas", "source")
