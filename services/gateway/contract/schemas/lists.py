"""Models of the objects in the gateway's lists (P01: ``meta`` plus these as ``objects``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from gateway.contract.schemas.base import Permission


class ManageableOrganisation(BaseModel):
    id: int
    name: str
    permission_type: Permission | None
    is_member: bool
    is_root: bool
    invitation_id: uuid.UUID | None
    created_at: datetime
    resource_uri: str


class DropdownOrganisation(BaseModel):
    id: int
    name: str
    relation: Literal["managing", "guest"]
    position: int
    resource_uri: str


class GuestOrganisation(BaseModel):
    id: int
    name: str
    invitation_id: uuid.UUID
    registered: bool
    show_all_channels: bool
    show_all_events: bool
    billing_source: Literal["source_owner", "destination_taker"]
    global_max_destinations: int
    accepted_at: datetime | None
    shared_contacts: list[dict[str, str]]
    resource_uri: str


class ActivityEntry(BaseModel):
    id: int
    occurred_at: datetime
    type: str
    actor_user_id: uuid.UUID | None
    resource_type: str
    resource_id: str
    summary: str
    resource_uri: str
