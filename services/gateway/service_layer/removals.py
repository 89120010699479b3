"""Deleting users (A138) and organisations (A134), with everything that pointed at them."""

from __future__ import annotations

import uuid

from common.errors import Conflict
from common.eventstore import PostgresEventStore
from gateway.adapters import invitation_tokens, lookups
from gateway.domain import members, organisations, source_invitations, users
from gateway.service_layer import contexts
from gateway.service_layer.work import Work, run


async def erase_user(work: Work, user_id: uuid.UUID) -> None:
    """The user record goes, and with it the password: neither login nor an old JWT works any more."""
    await work.decide(users.stream(user_id), users.fold, users.delete)
    await work.conn.execute(f"DELETE FROM {work.schema}.user_credentials WHERE user_id = $1", user_id)


async def _leave_for_deletion(work: Work, organisation_id: int, user_id: uuid.UUID) -> None:
    await work.decide(
        organisations.stream(organisation_id),
        organisations.fold,
        lambda org: members.remove_member(org, user_id, members.USER_DELETED),
    )


def successor(org: organisations.Organisation, leaving: uuid.UUID) -> uuid.UUID | None:
    """The admin who joined earliest, other than ``leaving`` (members are kept in the order they joined)."""
    admins = (m.user_id for m in org.members.values() if m.permission_type == "admin" and m.user_id != leaving)
    return next(admins, None)


async def _hand_over_root(work: Work, organisation_id: int, user_id: uuid.UUID) -> None:
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


async def delete_user(store: PostgresEventStore, user_id: uuid.UUID, caller_id: uuid.UUID | None) -> None:
    """A138: memberships end and the user goes; root passes to the earliest remaining admin (see docs/decisions)."""
    if user_id == caller_id:
        raise Conflict("you cannot delete yourself")

    async def unit(work: Work) -> None:
        users.live(await work.load(users.stream(user_id), users.fold))
        for organisation_id in await lookups.membership_ids(work.conn, user_id):
            await _hand_over_root(work, organisation_id, user_id)
            await _leave_for_deletion(work, organisation_id, user_id)
        await erase_user(work, user_id)

    await run(store, unit)


async def _delete_invitation(work: Work, invitation_id: uuid.UUID) -> None:
    await work.decide(
        source_invitations.stream(invitation_id),
        source_invitations.fold,
        lambda inv: source_invitations.delete(inv, "organisation_deleted"),
    )


async def delete_organisation(store: PostgresEventStore, organisation_id: int) -> None:
    """A134: the organisation, its memberships and source invitations (either side) go; the platform is told."""

    async def unit(work: Work) -> None:
        await work.decide(organisations.stream(organisation_id), organisations.fold, organisations.delete)
        invitations = await lookups.invitations_involving(work.conn, organisation_id)
        for invitation_id in invitations:
            await _delete_invitation(work, invitation_id)
        await contexts.settle_all(work, await lookups.users_looking_at(work.conn, organisation_id), organisation_id)
        await invitation_tokens.forget(work.conn, work.schema, invitations)
        await work.conn.execute(
            f"DELETE FROM {work.schema}.organisation_token_secrets WHERE organisation_id = $1", organisation_id
        )

    await run(store, unit)
