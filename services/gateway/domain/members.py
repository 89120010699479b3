"""Decisions about an organisation's members and their email invitations (the organisation aggregate)."""

from __future__ import annotations

import uuid

from common.errors import Conflict, Forbidden, NotFound
from gateway.domain.events import (
    Event,
    InvitationWithdrawn,
    MemberAdded,
    MemberInvited,
    MemberPermissionChanged,
    MemberRemoved,
)
from gateway.domain.identities import email_key
from gateway.domain.organisations import (
    Member,
    Organisation,
    Permission,
    live,
    member_added,
)

USER_DELETED = "user_deleted"


def add_member(org: Organisation, user_id: uuid.UUID, email: str, permission_type: Permission) -> list[Event]:
    if user_id in live(org).members:
        raise Conflict("this user is already a member of the organisation", "email")
    return [member_added(user_id, email, permission_type)]


def invite(
    org: Organisation, invitation_id: uuid.UUID, user_id: uuid.UUID, email: str, permission_type: Permission
) -> list[Event]:
    """A170: the user becomes a member only by accepting (A183), whether or not the account is new."""
    if user_id in live(org).members:
        raise Conflict("this user is already a member of the organisation", "email")
    if any(p.user_id == user_id for p in org.pending.values()):
        raise Conflict("this email already has an open invitation to the organisation", "email")
    return [MemberInvited(invitation_id, user_id, email, permission_type)]


def accept(org: Organisation, invitation_id: uuid.UUID, user_id: uuid.UUID) -> list[Event]:
    invited = live(org).pending.get(invitation_id)
    if invited is None or invited.user_id != user_id:
        raise NotFound("invitation not found")
    return [MemberAdded(user_id, invited.email, invited.permission_type, invitation_id)]


def withdraw(org: Organisation, invitation_id: uuid.UUID, reason: str) -> list[Event]:
    if invitation_id not in live(org).pending:
        raise NotFound("invitation not found")
    return [InvitationWithdrawn(invitation_id, reason)]


def member(org: Organisation, user_id: uuid.UUID) -> Member:
    found = live(org).members.get(user_id)
    if found is None:
        raise NotFound("this user is not a member of the organisation")
    return found


def change_permission(
    org: Organisation, user_id: uuid.UUID, permission_type: Permission, *, by_superuser: bool = False
) -> list[Event]:
    """The root's own permission changes only by a superuser; otherwise hand root over first (A181)."""
    if member(org, user_id).permission_type == permission_type:
        return []
    if org.root_user_id == user_id and not by_superuser:
        raise Forbidden("only a superuser may change the root user's permission; transfer root first (A181)")
    return [MemberPermissionChanged(user_id, permission_type)]


def remove_member(org: Organisation, user_id: uuid.UUID, reason: str) -> list[Event]:
    member(org, user_id)
    if org.root_user_id == user_id and reason != USER_DELETED:
        raise Conflict("the root user cannot leave or be removed; change the root user first")
    return [MemberRemoved(user_id, reason)]


def invitation_for_email(org: Organisation, email: str) -> Member:
    """The membership or open invitation of ``email`` (an open one's user is not a member yet)."""
    wanted = email_key(email)
    everyone = [*live(org).members.values(), *org.pending.values()]
    found = next((m for m in everyone if email_key(m.email) == wanted), None)
    if found is None:
        raise NotFound("no invitation for this email in the organisation")
    return found


def invitation_of(org: Organisation, invitation_id: uuid.UUID, user_id: uuid.UUID) -> Member:
    """The invitation, if it was addressed to ``user_id``; anyone else learns nothing (404)."""
    everyone = [*live(org).members.values(), *org.pending.values()]
    found = next((m for m in everyone if m.invitation_id == invitation_id), None)
    if found is None or found.user_id != user_id:
        raise NotFound("invitation not found")
    return found
