"""Use cases around dashboard groups (A041–A043), and what an organisation's deletion does to them.

A write decides on the group and on the organisation's names in one unit: two writers that would
give one name to two groups collide on the names stream, and the runner's retry of the loser finds
the name taken (409). A rename or a deletion lets go of the name the group had in the very state its
own append was decided on, so a concurrent rename can never leave a name held by nobody's group.
"""

from __future__ import annotations

import uuid

from common.unit_of_work import Runner, UnitOfWork
from streams.contract.schemas import GroupType
from streams.domain import groups, names
from streams.service_layer.units import decide


async def create(run: Runner, organisation_id: int, name: str, group_type: GroupType) -> uuid.UUID:
    group_id = uuid.uuid4()

    async def unit(work: UnitOfWork) -> None:
        await decide(work, names.stream_id(organisation_id), names.fold,
                     lambda taken: names.claim(taken, organisation_id, group_id, name))  # fmt: skip
        await decide(work, groups.stream_id(group_id), groups.fold,
                     lambda group: groups.create(group, group_id, organisation_id, name, group_type))  # fmt: skip

    await run(unit)
    return group_id


async def update(
    run: Runner, organisation_id: int, group_id: uuid.UUID, name: str | None, group_type: GroupType | None
) -> None:
    async def unit(work: UnitOfWork) -> None:
        before = await decide(work, groups.stream_id(group_id), groups.fold,
                              lambda group: groups.change(group, organisation_id, name, group_type))  # fmt: skip
        if name is not None:
            await decide(work, names.stream_id(organisation_id), names.fold,
                         lambda taken: names.rename(taken, organisation_id, group_id, before.name, name))  # fmt: skip

    await run(unit)


async def delete(run: Runner, organisation_id: int, group_id: uuid.UUID) -> None:
    async def unit(work: UnitOfWork) -> None:
        before = await decide(work, groups.stream_id(group_id), groups.fold,
                              lambda group: groups.delete(group, organisation_id))  # fmt: skip
        await decide(work, names.stream_id(organisation_id), names.fold,
                     lambda taken: names.release(taken, organisation_id, group_id, before.name))  # fmt: skip

    await run(unit)


async def organisation_deleted(work: UnitOfWork, organisation_id: int) -> None:
    """Its groups go with it, and none can be created in it afterwards; a second delivery changes nothing."""
    before = await decide(work, names.stream_id(organisation_id), names.fold,
                          lambda taken: names.close(taken, organisation_id))  # fmt: skip
    for group_id in () if before.closed else before.holders.values():
        await decide(work, groups.stream_id(group_id), groups.fold,
                     lambda group: groups.delete(group, organisation_id))  # fmt: skip
