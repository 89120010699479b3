"""The organisation aggregate: details, root user, token rotation, deletion (members: see ``members``)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import reduce
from typing import Any

from common.errors import Conflict, Invalid, NotFound
from gateway.domain.events import (
    Event,
    InvitationWithdrawn,
    MemberAdded,
    MemberInvited,
    MemberPermissionChanged,
    MemberRemoved,
    OrganisationCreated,
    OrganisationDeleted,
    OrganisationDetailsUpdated,
    OrganisationTokenRotated,
    Permission,
    RootUserChanged,
)
from gateway.domain.streams import stream_id

__all__ = ["Member", "Organisation", "Permission"]
MAX_ID = 2**31 - 1


def parse_id(raw: str) -> int | None:
    """An organisation id as a path or query carries it (ASCII digits, at most MAX_ID); None names no organisation."""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(MAX_ID)) or int(raw) > MAX_ID:
        return None
    return int(raw)


def stream(organisation_id: int) -> str:
    return stream_id("organisation", organisation_id)


@dataclass(frozen=True)
class Member:
    user_id: uuid.UUID
    email: str
    permission_type: Permission
    invitation_id: uuid.UUID


@dataclass(frozen=True)
class Organisation:
    exists: bool = False
    deleted: bool = False
    organisation_id: int = 0
    name: str = ""
    payment_method: str = ""
    root_user_id: uuid.UUID | None = None
    created_by: uuid.UUID | None = None
    members: dict[uuid.UUID, Member] = field(default_factory=dict)
    pending: dict[uuid.UUID, Member] = field(default_factory=dict)  # by invitation id: not members yet


def evolve(org: Organisation, event: Event) -> Organisation:
    match event:
        case OrganisationCreated(created_by=creator):
            return Organisation(True, False, event.organisation_id, event.name, event.payment_method, creator, creator)
        case OrganisationDetailsUpdated():
            return replace(org, name=event.changes.get("name") or org.name)
        case MemberInvited():
            invited = Member(event.user_id, event.email, event.permission_type, event.invitation_id)
            return replace(org, pending={**org.pending, event.invitation_id: invited})
        case InvitationWithdrawn():
            return replace(org, pending={k: v for k, v in org.pending.items() if k != event.invitation_id})
        case MemberAdded():
            member = Member(event.user_id, event.email, event.permission_type, event.invitation_id)
            pending = {k: v for k, v in org.pending.items() if k != event.invitation_id}
            return replace(org, members={**org.members, member.user_id: member}, pending=pending)
        case MemberPermissionChanged(user_id=user_id):
            changed = replace(org.members[user_id], permission_type=event.permission_type)
            return replace(org, members={**org.members, user_id: changed})
        case MemberRemoved(user_id=user_id):
            root = None if org.root_user_id == user_id else org.root_user_id
            return replace(org, members={k: v for k, v in org.members.items() if k != user_id}, root_user_id=root)
        case RootUserChanged():
            return replace(org, root_user_id=event.user_id)
        case OrganisationDeleted():
            return replace(org, deleted=True)
    return org


def fold(events: Sequence[Event]) -> Organisation:
    return reduce(evolve, events, Organisation())


def live(org: Organisation) -> Organisation:
    if not org.exists or org.deleted:
        raise NotFound("organisation not found")
    return org


def create(
    org: Organisation,
    organisation_id: int,
    name: str,
    creator_id: uuid.UUID | None,
    creator_email: str,
    payment_method: str,
    created_from_ip: str | None,
) -> list[Event]:
    if org.exists:
        raise Conflict("organisation already exists")
    created = OrganisationCreated(organisation_id, name, creator_id, payment_method, created_from_ip)
    if creator_id is None:
        return [created]
    return [created, member_added(creator_id, creator_email, "admin")]


def member_added(user_id: uuid.UUID, email: str, permission_type: Permission) -> MemberAdded:
    return MemberAdded(user_id, email, permission_type, uuid.uuid4())


def update_details(org: Organisation, changes: Mapping[str, Any]) -> list[Event]:
    """``changes`` holds only the fields the caller sent; name and currency cannot be cleared."""
    live(org)
    kept = {k: v for k, v in changes.items() if v is not None or k == "purchase_order_number"}
    return [OrganisationDetailsUpdated(kept)] if kept else []


def change_root(org: Organisation, user_id: uuid.UUID) -> list[Event]:
    if user_id not in live(org).members:
        raise Invalid("the new root user must be a member of the organisation", "user_id")
    return [] if org.root_user_id == user_id else [RootUserChanged(user_id)]


def rotate_token(org: Organisation) -> list[Event]:
    """The secret itself is kept outside the event store; the event only says that it changed."""
    live(org)
    return [OrganisationTokenRotated()]


def delete(org: Organisation) -> list[Event]:
    live(org)
    return [OrganisationDeleted(tuple(org.members))]
