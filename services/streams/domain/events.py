"""What happens to dashboard groups and to an organisation's group names, as frozen types.

The store's codec (``adapters/event_codec.py``) names and serialises them.
"""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict

from streams.contract.schemas import GroupType


class DomainEvent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    organisation_id: int


class GroupEvent(DomainEvent):
    group_id: uuid.UUID


class DashboardGroupCreated(GroupEvent):
    name: str
    group_type: GroupType


class DashboardGroupChanged(GroupEvent):
    """The group's fields after the change, all of them."""

    name: str
    group_type: GroupType


class DashboardGroupDeleted(GroupEvent):
    pass


class GroupNameClaimed(GroupEvent):
    key: str


class GroupNameReleased(GroupEvent):
    key: str


class GroupNamesClosed(DomainEvent):
    """The organisation was deleted: no group may be created in it any more."""


ALL: tuple[type[DomainEvent], ...] = (
    DashboardGroupCreated,
    DashboardGroupChanged,
    DashboardGroupDeleted,
    GroupNameClaimed,
    GroupNameReleased,
    GroupNamesClosed,
)
