"""Organisation invitations (A170, A182, A183): inviting an email, and the invited user's answer."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import asyncpg

from common.errors import Conflict, NotFound
from gateway.adapters.passwords import generate_password, hash_password, verify_password
from gateway.domain import members, organisations, users
from gateway.domain.organisations import Member, Permission
from gateway.service_layer import contexts
from gateway.service_layer.members import remove
from gateway.service_layer.work import Unit, Units


@dataclass(frozen=True)
class Invitation:
    """What A170 answers, the same whether or not the email had an account: the code is shown once."""

    invitation_id: uuid.UUID
    code: str
    organisation_name: str


async def add_user(units: Units, organisation_id: int, email: str, permission: Permission) -> Invitation:
    """A170: invite ``email``; a new address gets an account whose temporary password is the invitation's code.

    Either way one code is hashed, and the member joins only by answering (A183) with it or, for a new
    account, by choosing their own password at first login (docs/decisions/0030).
    """
    code = generate_password()
    code_hash = await hash_password(code)
    invitation_id, new_user_id = uuid.uuid4(), uuid.uuid4()

    async def unit(work: Unit) -> Invitation:
        existing = await work.directory.user_by_email(email)
        user_id = existing or new_user_id
        if existing is None:
            await _open_account(work, user_id, email, organisation_id, invitation_id)
        stream = organisations.stream(organisation_id)
        org = await work.decide(
            stream, organisations.fold, lambda org: members.invite(org, invitation_id, user_id, email, permission)
        )
        if existing is None:
            await work.vault.set_password(user_id, code_hash)
        await work.vault.set_invitation_code(invitation_id, code_hash)
        return Invitation(invitation_id, code, org.name)

    try:
        return await units(unit)
    except asyncpg.UniqueViolationError as exc:
        raise Conflict("a user with this email was added at the same moment; try again", "email") from exc


async def _open_account(
    work: Unit, user_id: uuid.UUID, email: str, organisation_id: int, invitation_id: uuid.UUID
) -> None:
    stream = users.stream(user_id)
    await work.decide(stream, users.fold, lambda u: users.register(u, user_id, email))
    await work.decide(stream, users.fold, lambda u: users.issue_temporary_password(u, organisation_id, invitation_id))


async def accept_invitation(units: Units, invitation_id: uuid.UUID, user_id: uuid.UUID, code: str) -> int:
    """A183's counterpart: the invited user, signed in, with the code the invitation came with."""

    async def unit(work: Unit) -> int:
        organisation_id = await work.directory.invitation_organisation(invitation_id)
        code_hash = await work.vault.invitation_code(invitation_id)
        if organisation_id is None or not await verify_password(code_hash, code):
            raise NotFound("invitation not found")
        await join(work, organisation_id, invitation_id, user_id)
        return organisation_id

    return await units(unit)


async def join(work: Unit, organisation_id: int, invitation_id: uuid.UUID, user_id: uuid.UUID) -> None:
    """The invited user becomes a member, and looks at the organisation if they looked at none."""
    org_stream, user_stream = organisations.stream(organisation_id), users.stream(user_id)
    await work.decide(org_stream, organisations.fold, lambda org: members.accept(org, invitation_id, user_id))
    if (await work.load(user_stream, users.fold)).managing_organisation_id is None:
        await work.decide(user_stream, users.fold, lambda u: users.switch_context(u, organisation_id, organisation_id))
    await work.vault.forget_invitation_code(invitation_id)


async def _answered(work: Unit, organisation_id: int, invited: Member, reason: str) -> None:
    """An open invitation is withdrawn; an accepted one's membership ends."""
    org = await work.load(organisations.stream(organisation_id), organisations.fold)
    if invited.invitation_id in org.pending:
        stream = organisations.stream(organisation_id)
        await work.decide(stream, organisations.fold, lambda o: members.withdraw(o, invited.invitation_id, reason))
        await work.vault.forget_invitation_code(invited.invitation_id)
        return
    await remove(work, organisation_id, invited.user_id, reason)
    await contexts.settle(work, invited.user_id, organisation_id)


async def remove_invitation(units: Units, organisation_id: int, email: str) -> None:
    """A182: the invitation for ``email`` goes, and the membership it gave if it was accepted."""

    async def unit(work: Unit) -> None:
        org = await work.load(organisations.stream(organisation_id), organisations.fold)
        await _answered(work, organisation_id, members.invitation_for_email(org, email), "invitation_removed")

    await units(unit)


async def decline_invitation(units: Units, invitation_id: uuid.UUID, user_id: uuid.UUID) -> None:
    """A183: only the invited user may decline; the invitation goes, and the membership if it was accepted."""

    async def unit(work: Unit) -> None:
        organisation_id = await work.directory.invitation_organisation(invitation_id)
        if organisation_id is None:
            raise NotFound("invitation not found")
        org = await work.load(organisations.stream(organisation_id), organisations.fold)
        await _answered(
            work, organisation_id, members.invitation_of(org, invitation_id, user_id), "invitation_declined"
        )

    await units(unit)


async def find(units: Units, organisation_id: int, email: str) -> tuple[Member, bool]:
    """The invitation of ``email`` to the organisation, and whether it is still pending."""

    async def unit(work: Unit) -> tuple[Member, bool]:
        org = await work.load(organisations.stream(organisation_id), organisations.fold)
        invited = members.invitation_for_email(org, email)
        return invited, invited.invitation_id in org.pending

    return await units(unit)


async def find_by_id(units: Units, organisation_id: int, invitation_id: uuid.UUID) -> tuple[Member, bool]:
    async def unit(work: Unit) -> tuple[Member, bool]:
        org = await work.load(organisations.stream(organisation_id), organisations.fold)
        everyone = {m.invitation_id: m for m in [*org.members.values(), *org.pending.values()]}
        if invitation_id not in everyone:
            raise NotFound("invitation not found")
        return everyone[invitation_id], invitation_id in org.pending

    return await units(unit)
