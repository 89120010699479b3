"""Use cases around source invitations: inviting, accepting, leaving, and what the guest may take."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any

import asyncpg

from common.commands import execute
from common.errors import Conflict, Invalid, NotFound
from common.eventstore import NewEvent, PostgresEventStore
from common.http.principal import Principal
from gateway.adapters import invitation_tokens, lookups
from gateway.adapters.projections import PROJECTIONS
from gateway.domain import labels, source_invitations, source_permissions
from gateway.domain.source_invitations import SourceInvitation, owned_by
from gateway.service_layer import contexts
from gateway.service_layer.work import Work, run


async def create(store: PostgresEventStore, owner: int, name: str, by: uuid.UUID | None) -> tuple[uuid.UUID, str]:
    """A185: returns the invitation id and its token; the token is kept only as a digest."""
    invitation_id, token = uuid.uuid4(), invitation_tokens.new_token()

    async def unit(work: Work) -> None:
        await work.decide(
            source_invitations.stream(invitation_id),
            source_invitations.fold,
            lambda inv: source_invitations.create(inv, invitation_id, owner, name, by),
        )
        await invitation_tokens.remember(work.conn, work.schema, invitation_id, token)

    await run(store, unit)
    return invitation_id, token


async def invitation_for_token(store: PostgresEventStore, token: str) -> uuid.UUID:
    invitation_id = await invitation_tokens.invitation_for(store.pool, store.schema, token)
    if invitation_id is None:
        raise NotFound("source invitation not found")
    return invitation_id


async def accept(store: PostgresEventStore, guest: int, token: str) -> uuid.UUID:
    """A186: the caller's managing organisation becomes the guest."""
    invitation_id = await invitation_for_token(store, token)
    stream, fold = source_invitations.stream(invitation_id), source_invitations.fold
    try:
        await execute(store, PROJECTIONS, stream, fold, lambda inv: source_invitations.accept(inv, guest))
    except asyncpg.UniqueViolationError as exc:
        raise Conflict("your organisation is already a guest of this organisation") from exc
    return invitation_id


async def change(
    store: PostgresEventStore,
    owner: int,
    invitation_id: uuid.UUID,
    decide: Callable[[SourceInvitation], list[NewEvent]],
) -> None:
    """Apply an owner's decision (flags, grants, settings) to an invitation ``owner`` owns; 404 otherwise."""
    stream = source_invitations.stream(invitation_id)
    await execute(store, PROJECTIONS, stream, source_invitations.fold, lambda inv: decide(owned_by(inv, owner)))


async def update_flags(
    store: PostgresEventStore, owner: int, invitation_id: uuid.UUID, flags: Mapping[str, Any]
) -> None:
    await change(store, owner, invitation_id, lambda inv: source_permissions.update_flags(inv, flags))


async def delete(store: PostgresEventStore, principal: Principal, invitation_id: uuid.UUID) -> None:
    """A216: the owner deletes, or the guest (an admin of it) leaves; guests looking at the owner are moved back."""
    may_leave = principal.is_superuser or principal.managing_role == "admin"
    organisation_id = principal.managing_organisation_id

    async def unit(work: Work) -> None:
        stream = source_invitations.stream(invitation_id)
        fold = source_invitations.fold
        inv = await work.decide(stream, fold, lambda i: source_invitations.delete_as(i, organisation_id, may_leave))
        if inv.guest_organisation_id is not None:
            viewers = await lookups.guests_looking_at(work.conn, inv.source_organisation_id, inv.guest_organisation_id)
            await contexts.settle_all(work, viewers, inv.source_organisation_id)
        await invitation_tokens.forget(work.conn, work.schema, [invitation_id])

    await run(store, unit)


async def environment_of(store: PostgresEventStore, owner: int, environment_id: uuid.UUID, field: str = "") -> None:
    """The environment must be one of the owner's; a path parameter is then 404, a body field 400."""
    if await lookups.environment_organisation(store.pool, environment_id) != owner:
        if field:
            raise Invalid("no such environment in your organisation", field)
        raise NotFound("environment not found")


async def grant_label(store: PostgresEventStore, owner: int, invitation_id: uuid.UUID, label_id: uuid.UUID) -> None:
    """A117; the label is locked so a concurrent delete (A004) cannot slip between the check and the grant."""

    async def unit(work: Work) -> None:
        await work.lock(labels.stream(label_id))
        labels.owned_by(await work.load(labels.stream(label_id), labels.fold), owner)
        await work.decide(
            source_invitations.stream(invitation_id),
            source_invitations.fold,
            lambda inv: source_permissions.grant_label(owned_by(inv, owner), label_id),
        )

    await run(store, unit)
