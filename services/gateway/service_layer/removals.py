"""Deleting users (A138) and organisations (A134), with everything that pointed at them."""

from __future__ import annotations

import uuid

from common.errors import Conflict
from gateway.domain import members, organisations, source_invitations, users
from gateway.service_layer import contexts
from gateway.service_layer.work import Unit, Units


async def erase_user(work: Unit, user_id: uuid.UUID) -> None:
    """The user record goes, and with it the password: neither login nor an old JWT works any more."""
    await work.decide(users.stream(user_id), users.fold, users.delete)
    await work.vault.forget_password(user_id)


async def _leave_for_deletion(work: Unit, organisation_id: int, user_id: uuid.UUID) -> None:
    await work.decide(
        organisations.stream(organisation_id),
        organisations.fold,
        lambda org: members.remove_member(org, user_id, members.USER_DELETED),
    )


def successor(org: organisations.Organisation, leaving: uuid.UUID) -> uuid.UUID | None:
    """The admin who joined earliest, other than ``leaving`` (members are kept in the order they joined)."""
    admins = (m.user_id for m in org.members.values() if m.permission_type == "admin" and m.user_id != leaving)
    return next(admins, None)


async def _hand_over_root(work: Unit, organisation_id: int, user_id: uuid.UUID) -> None:
    """An organisation whose root is deleted is handed to its earliest remaining admin, never left without root."""
    stream = organisations.stream(organisation_id)
    org = await work.load(stream, organisations.fold)
    if org.root_user_id != user_id:
        return
    heir = successor(org, user_id)
    if heir is None:
        raise Conflict(
            f"this user is root of organisation {organisation_id}, which has no other admin to take over; "
            "make another member admin or delete the organisation first"
        )
    await work.decide(stream, organisations.fold, lambda o: organisations.change_root(o, heir))


async def delete_user(units: Units, user_id: uuid.UUID, caller_id: uuid.UUID | None) -> None:
    """A138: memberships end and the user goes; root passes to the earliest remaining admin (see docs/decisions)."""
    if user_id == caller_id:
        raise Conflict("you cannot delete yourself")

    async def unit(work: Unit) -> None:
        users.live(await work.load(users.stream(user_id), users.fold))
        for organisation_id in await work.directory.membership_ids(user_id):
            await _hand_over_root(work, organisation_id, user_id)
            await _leave_for_deletion(work, organisation_id, user_id)
        await erase_user(work, user_id)

    await units(unit)


async def _delete_invitation(work: Unit, invitation_id: uuid.UUID) -> None:
    await work.decide(
        source_invitations.stream(invitation_id),
        source_invitations.fold,
        lambda inv: source_invitations.delete(inv, "organisation_deleted"),
    )


async def delete_organisation(units: Units, organisation_id: int) -> None:
    """A134: the organisation, its memberships and source invitations (either side) go; the platform is told."""

    async def unit(work: Unit) -> None:
        org = await work.decide(organisations.stream(organisation_id), organisations.fold, organisations.delete)
        invitations = await work.directory.invitations_involving(organisation_id)
        for invitation_id in invitations:
            await _delete_invitation(work, invitation_id)
        await contexts.settle_all(work, await work.directory.users_looking_at(organisation_id), organisation_id)
        await work.vault.forget_invitation_tokens(invitations)
        await work.vault.forget_token_secret(organisation_id)
        for invitation_id in org.pending:
            await work.vault.forget_invitation_code(invitation_id)

    await units(unit)
