"""Use cases around an organisation's members: adding, removing, permissions, root, email invitations, leaving."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import asyncpg

from common.errors import Conflict, Invalid, NotFound
from gateway.adapters.passwords import generate_password, hash_password
from gateway.domain import members, organisations, users
from gateway.domain.events import MemberAdded
from gateway.domain.organisations import Permission
from gateway.service_layer import contexts
from gateway.service_layer.accounts import find_user_id
from gateway.service_layer.removals import erase_user
from gateway.service_layer.work import Unit, Units, decide_one


@dataclass(frozen=True)
class AddedMember:
    user_id: uuid.UUID
    invitation_id: uuid.UUID
    created: bool
    password: str | None


async def add_user(units: Units, organisation_id: int, email: str, permission: Permission) -> AddedMember:
    """A170: add to the organisation, creating the user (with a password shown once) when the email is new."""
    existing = await find_user_id(units, email)
    password = None if existing else generate_password()
    password_hash = await hash_password(password) if password else None
    user_id = existing or uuid.uuid4()

    async def unit(work: Unit) -> AddedMember:
        user_stream = users.stream(user_id)
        if existing is None:
            await work.decide(user_stream, users.fold, lambda u: users.register(u, user_id, email))
        await work.decide(
            organisations.stream(organisation_id),
            organisations.fold,
            lambda org: members.add_member(org, user_id, email, permission),
        )
        if (await work.load(user_stream, users.fold)).managing_organisation_id is None:
            await work.decide(
                user_stream, users.fold, lambda u: users.switch_context(u, organisation_id, organisation_id)
            )
        if password_hash is not None:
            await work.vault.set_password(user_id, password_hash)
        added = next(e for e in work.recorded if isinstance(e, MemberAdded))
        return AddedMember(user_id, added.invitation_id, existing is None, password)

    try:
        return await units(unit)
    except asyncpg.UniqueViolationError as exc:
        raise Conflict("a user with this email was added at the same moment; try again", "email") from exc


async def _remove(work: Unit, organisation_id: int, user_id: uuid.UUID, reason: str) -> organisations.Organisation:
    stream = organisations.stream(organisation_id)
    return await work.decide(stream, organisations.fold, lambda org: members.remove_member(org, user_id, reason))


async def remove_user(units: Units, organisation_id: int, caller_id: uuid.UUID | None, user_id: uuid.UUID) -> bool:
    """A175; True when the user record was deleted too (not the caller, not the creator, no other memberships)."""

    async def unit(work: Unit) -> bool:
        org = await _remove(work, organisation_id, user_id, "removed")
        others = await work.directory.membership_ids(user_id)
        if user_id not in (caller_id, org.created_by) and not others:
            await erase_user(work, user_id)
            return True
        await contexts.settle(work, user_id, organisation_id)
        return False

    return await units(unit)


async def update_permission(
    units: Units,
    organisation_id: int,
    user_id: uuid.UUID,
    permission: Permission | None,
    enabled: bool,
    *,
    by_superuser: bool = False,
) -> None:
    """A176: ``enabled`` false removes the membership; otherwise ``permission`` becomes the member's permission
    (the root's only by a superuser)."""
    if not enabled:
        await leave(units, organisation_id, user_id, "permission_disabled")
        return
    if permission is None:
        raise Invalid("permission_type is required unless enabled is false", "permission_type")
    stream = organisations.stream(organisation_id)
    await decide_one(
        units,
        stream,
        organisations.fold,
        lambda o: members.change_permission(o, user_id, permission, by_superuser=by_superuser),
    )


async def change_root(units: Units, organisation_id: int, user_id: uuid.UUID) -> None:
    stream = organisations.stream(organisation_id)
    await decide_one(units, stream, organisations.fold, lambda o: organisations.change_root(o, user_id))


async def leave(units: Units, organisation_id: int, user_id: uuid.UUID, reason: str = "left") -> None:
    """The membership ends (A184, A176 disabled); the user's context moves elsewhere if it pointed here."""

    async def unit(work: Unit) -> None:
        await _remove(work, organisation_id, user_id, reason)
        await contexts.settle(work, user_id, organisation_id)

    await units(unit)


async def remove_invitation(units: Units, organisation_id: int, email: str) -> None:
    """A182: the invitation for ``email`` and the membership it gave go."""

    async def unit(work: Unit) -> None:
        org = await work.load(organisations.stream(organisation_id), organisations.fold)
        invited = members.invitation_for_email(org, email)
        await _remove(work, organisation_id, invited.user_id, "invitation_removed")
        await contexts.settle(work, invited.user_id, organisation_id)

    await units(unit)


async def decline_invitation(units: Units, invitation_id: uuid.UUID, user_id: uuid.UUID) -> None:
    """A183: only the invited user may decline; the invitation and the membership go."""

    async def unit(work: Unit) -> None:
        organisation_id = await work.directory.invitation_organisation(invitation_id)
        if organisation_id is None:
            raise NotFound("invitation not found")
        org = await work.load(organisations.stream(organisation_id), organisations.fold)
        members.invitation_of(org, invitation_id, user_id)
        await _remove(work, organisation_id, user_id, "invitation_declined")
        await contexts.settle(work, user_id, organisation_id)

    await units(unit)
