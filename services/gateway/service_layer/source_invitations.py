"""Use cases around source invitations: inviting, accepting, leaving, and what the guest may take."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any

import asyncpg

from common.errors import Conflict, Invalid, NotFound
from common.http.principal import Principal
from gateway.adapters import invitation_tokens
from gateway.domain import labels, source_invitations, source_permissions
from gateway.domain.events import Event
from gateway.domain.source_invitations import SourceInvitation, owned_by
from gateway.service_layer import contexts
from gateway.service_layer.work import Unit, Units

FOLD = source_invitations.fold


async def create(units: Units, owner: int, name: str, by: uuid.UUID | None) -> tuple[uuid.UUID, str]:
    """A185: returns the invitation id and its token; the token is kept only as a digest."""
    invitation_id, token = uuid.uuid4(), invitation_tokens.new_token()

    async def unit(work: Unit) -> None:
        await work.decide(
            source_invitations.stream(invitation_id),
            FOLD,
            lambda inv: source_invitations.create(inv, invitation_id, owner, name, by, invitation_tokens.digest(token)),
        )
        await work.vault.remember_invitation_token(invitation_id, token)

    await units(unit)
    return invitation_id, token


async def invitation_for_token(work: Unit, token: str) -> uuid.UUID:
    invitation_id = await work.vault.invitation_for_token(token)
    if invitation_id is None:
        raise NotFound("source invitation not found")
    return invitation_id


async def accept(units: Units, guest: int, token: str) -> uuid.UUID:
    """A186: the caller's managing organisation becomes the guest."""

    async def unit(work: Unit) -> uuid.UUID:
        invitation_id = await invitation_for_token(work, token)
        stream = source_invitations.stream(invitation_id)
        await work.decide(stream, FOLD, lambda inv: source_invitations.accept(inv, guest))
        return invitation_id

    try:
        return await units(unit)
    except asyncpg.UniqueViolationError as exc:
        raise Conflict("your organisation is already a guest of this organisation") from exc


async def change(
    units: Units, owner: int, invitation_id: uuid.UUID, decide: Callable[[SourceInvitation], list[Event]]
) -> None:
    """Apply an owner's decision (flags, grants, settings) to an invitation ``owner`` owns; 404 otherwise."""

    async def unit(work: Unit) -> None:
        await work.decide(source_invitations.stream(invitation_id), FOLD, lambda inv: decide(owned_by(inv, owner)))

    await units(unit)


async def invitation_id_for(units: Units, token: str) -> uuid.UUID:
    async def unit(work: Unit) -> uuid.UUID:
        return await invitation_for_token(work, token)

    return await units(unit)


async def update_flags(units: Units, owner: int, invitation_id: uuid.UUID, flags: Mapping[str, Any]) -> None:
    await change(units, owner, invitation_id, lambda inv: source_permissions.update_flags(inv, flags))


async def delete(units: Units, principal: Principal, invitation_id: uuid.UUID) -> None:
    """A216: the owner deletes, or the guest (an admin of it) leaves; guests looking at the owner are moved back."""
    may_leave = principal.is_superuser or principal.managing_role == "admin"
    organisation_id = principal.managing_organisation_id

    async def unit(work: Unit) -> None:
        stream = source_invitations.stream(invitation_id)
        inv = await work.decide(stream, FOLD, lambda i: source_invitations.delete_as(i, organisation_id, may_leave))
        if inv.guest_organisation_id is not None:
            source, guest = inv.source_organisation_id, inv.guest_organisation_id
            await contexts.settle_all(work, await work.directory.guests_looking_at(source, guest), source)
        await work.vault.forget_invitation_tokens([invitation_id])

    await units(unit)


async def environment_of(units: Units, owner: int, environment_id: uuid.UUID, field: str = "") -> None:
    """The environment must be one of the owner's; a path parameter is then 404, a body field 400."""

    async def unit(work: Unit) -> int | None:
        return await work.directory.environment_organisation(environment_id)

    if await units(unit) != owner:
        if field:
            raise Invalid("no such environment in your organisation", field)
        raise NotFound("environment not found")


async def grant_label(units: Units, owner: int, invitation_id: uuid.UUID, label_id: uuid.UUID) -> None:
    """A117; the label is locked so a concurrent delete (A004) cannot slip between the check and the grant."""

    async def unit(work: Unit) -> None:
        await work.lock(labels.stream(label_id))
        labels.owned_by(await work.load(labels.stream(label_id), labels.fold), owner)
        await work.decide(
            source_invitations.stream(invitation_id),
            FOLD,
            lambda inv: source_permissions.grant_label(owned_by(inv, owner), label_id),
        )

    await units(unit)
