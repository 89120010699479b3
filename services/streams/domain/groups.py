"""The dashboard group aggregate: folded from what happened to it; decisions return new events or raise."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import reduce

from common.errors import Conflict, NotFound
from streams.contract.schemas import GroupType
from streams.domain.events import DashboardGroupChanged, DashboardGroupCreated, DashboardGroupDeleted, DomainEvent

STREAM_PREFIX = "dashboard-group-"


def stream_id(group_id: uuid.UUID) -> str:
    return f"{STREAM_PREFIX}{group_id}"


@dataclass(frozen=True)
class DashboardGroup:
    exists: bool = False
    deleted: bool = False
    group_id: uuid.UUID | None = None
    organisation_id: int = 0
    name: str = ""
    group_type: GroupType = "source"


def evolve(group: DashboardGroup, event: DomainEvent) -> DashboardGroup:
    match event:
        case DashboardGroupCreated():
            return DashboardGroup(True, False, event.group_id, event.organisation_id, event.name, event.group_type)
        case DashboardGroupChanged():
            return replace(group, name=event.name, group_type=event.group_type)
        case DashboardGroupDeleted():
            return replace(group, deleted=True)
    return group


def fold(events: Sequence[DomainEvent]) -> DashboardGroup:
    return reduce(evolve, events, DashboardGroup())


def owned_by(group: DashboardGroup, organisation_id: int) -> DashboardGroup:
    """The group, if it is alive and belongs to ``organisation_id``; to anyone else it does not exist."""
    if not group.exists or group.deleted or group.organisation_id != organisation_id:
        raise NotFound("dashboard group not found")
    return group


def create(
    group: DashboardGroup, group_id: uuid.UUID, organisation_id: int, name: str, group_type: GroupType
) -> list[DomainEvent]:
    if group.exists:
        raise Conflict("dashboard group already exists")
    return [DashboardGroupCreated(organisation_id=organisation_id, group_id=group_id, name=name,
                                  group_type=group_type)]  # fmt: skip


def change(
    group: DashboardGroup, organisation_id: int, name: str | None, group_type: GroupType | None
) -> list[DomainEvent]:
    """``None`` leaves a field as it is; a change to what the group already is records nothing."""
    owned_by(group, organisation_id)
    after = replace(group, name=group.name if name is None else name, group_type=group_type or group.group_type)
    if after == group:
        return []
    assert group.group_id is not None
    return [DashboardGroupChanged(organisation_id=organisation_id, group_id=group.group_id, name=after.name,
                                  group_type=after.group_type)]  # fmt: skip


def delete(group: DashboardGroup, organisation_id: int) -> list[DomainEvent]:
    owned_by(group, organisation_id)
    assert group.group_id is not None
    return [DashboardGroupDeleted(organisation_id=organisation_id, group_id=group.group_id)]
