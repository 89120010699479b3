"""The organisation aggregate: details, root user, token rotation, deletion (members: see ``members``)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import reduce
from typing import Any, Literal

from common.errors import Conflict, Invalid, NotFound
from common.eventstore import NewEvent, RecordedEvent

Permission = Literal["admin", "operator", "monitor"]
CREATED = "OrganisationCreated"
DETAILS_UPDATED = "OrganisationDetailsUpdated"
MEMBER_ADDED = "MemberAdded"
PERMISSION_CHANGED = "MemberPermissionChanged"
MEMBER_REMOVED = "MemberRemoved"
ROOT_CHANGED = "RootUserChanged"
TOKEN_ROTATED = "OrganisationTokenRotated"
DELETED = "OrganisationDeleted"
MAX_ID = 2**31 - 1


def parse_id(raw: str) -> int | None:
    """An organisation id as a path or query carries it (ASCII digits, at most MAX_ID); None names no organisation."""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(MAX_ID)) or int(raw) > MAX_ID:
        return None
    return int(raw)


def stream(organisation_id: int) -> str:
    return f"organisation-{organisation_id}"


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


def evolve(org: Organisation, event: RecordedEvent) -> Organisation:
    data = event.data
    match event.type:
        case "OrganisationCreated":
            creator = uuid.UUID(data["created_by"]) if data["created_by"] else None
            return Organisation(
                True, False, data["organisation_id"], data["name"], data["payment_method"], creator, creator
            )
        case "OrganisationDetailsUpdated":
            return replace(org, name=data.get("name") or org.name)
        case "MemberAdded":
            member = Member(
                uuid.UUID(data["user_id"]), data["email"], data["permission_type"], uuid.UUID(data["invitation_id"])
            )
            return replace(org, members={**org.members, member.user_id: member})
        case "MemberPermissionChanged":
            user_id = uuid.UUID(data["user_id"])
            changed = replace(org.members[user_id], permission_type=data["permission_type"])
            return replace(org, members={**org.members, user_id: changed})
        case "MemberRemoved":
            user_id = uuid.UUID(data["user_id"])
            root = None if org.root_user_id == user_id else org.root_user_id
            return replace(org, members={k: v for k, v in org.members.items() if k != user_id}, root_user_id=root)
        case "RootUserChanged":
            return replace(org, root_user_id=uuid.UUID(data["user_id"]) if data["user_id"] else None)
        case "OrganisationDeleted":
            return replace(org, deleted=True)
    return org


def fold(events: Sequence[RecordedEvent]) -> Organisation:
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
) -> list[NewEvent]:
    if org.exists:
        raise Conflict("organisation already exists")
    created = NewEvent(
        CREATED,
        {
            "organisation_id": organisation_id,
            "name": name,
            "created_by": str(creator_id) if creator_id else None,
            "payment_method": payment_method,
            "created_from_ip": created_from_ip,
        },
    )
    if creator_id is None:
        return [created]
    return [created, member_added(creator_id, creator_email, "admin")]


def member_added(user_id: uuid.UUID, email: str, permission_type: Permission) -> NewEvent:
    return NewEvent(
        MEMBER_ADDED,
        {
            "user_id": str(user_id),
            "email": email,
            "permission_type": permission_type,
            "invitation_id": str(uuid.uuid4()),
        },
    )


def update_details(org: Organisation, changes: Mapping[str, Any]) -> list[NewEvent]:
    """``changes`` holds only the fields the caller sent; name and currency cannot be cleared."""
    live(org)
    kept = {k: v for k, v in changes.items() if v is not None or k == "purchase_order_number"}
    return [NewEvent(DETAILS_UPDATED, kept)] if kept else []


def change_root(org: Organisation, user_id: uuid.UUID) -> list[NewEvent]:
    if user_id not in live(org).members:
        raise Invalid("the new root user must be a member of the organisation", "user_id")
    return [] if org.root_user_id == user_id else [NewEvent(ROOT_CHANGED, {"user_id": str(user_id)})]


def rotate_token(org: Organisation) -> list[NewEvent]:
    """The secret itself is kept outside the event store; the event only says that it changed."""
    live(org)
    return [NewEvent(TOKEN_ROTATED, {})]


def delete(org: Organisation) -> list[NewEvent]:
    live(org)
    return [NewEvent(DELETED, {"member_ids": [str(m) for m in org.members]})]
