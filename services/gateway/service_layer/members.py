"""Use cases around an organisation's members: removing, permissions, root, leaving (inviting: ``invitations``)."""

from __future__ import annotations

import uuid

from common.errors import Invalid
from gateway.domain import members, organisations
from gateway.domain.organisations import Permission
from gateway.service_layer import contexts
from gateway.service_layer.removals import erase_user
from gateway.service_layer.work import Unit, Units, decide_one


async def remove(work: Unit, organisation_id: int, user_id: uuid.UUID, reason: str) -> organisations.Organisation:
    stream = organisations.stream(organisation_id)
    return await work.decide(stream, organisations.fold, lambda org: members.remove_member(org, user_id, reason))


async def remove_user(units: Units, organisation_id: int, caller_id: uuid.UUID | None, user_id: uuid.UUID) -> bool:
    """A175; True when the user record was deleted too (not the caller, not the creator, no other memberships)."""

    async def unit(work: Unit) -> bool:
        org = await remove(work, organisation_id, user_id, "removed")
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
        await remove(work, organisation_id, user_id, reason)
        await contexts.settle(work, user_id, organisation_id)

    await units(unit)
