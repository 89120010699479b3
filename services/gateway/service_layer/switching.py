"""Switching a user's managing organisation (A140), active organisation (A187) and active environment (A115)."""

from __future__ import annotations

import uuid

from common.errors import NotFound
from common.eventstore import PostgresEventStore
from common.http.principal import Principal
from gateway.adapters import lookups
from gateway.service_layer.accounts import switch_context


def _user_id(principal: Principal) -> uuid.UUID:
    assert principal.user_id is not None, "switching needs a signed-in user"
    return principal.user_id


async def switch_managing(store: PostgresEventStore, principal: Principal, organisation_id: int) -> None:
    """Members may pick their organisations, staff any; active becomes the same and no environment is active."""
    pool, user_id = store.pool, _user_id(principal)
    allowed = principal.is_staff or await lookups.is_member(pool, organisation_id, user_id)
    if not allowed or not await lookups.organisation_exists(pool, organisation_id):
        raise NotFound("organisation not found")
    await switch_context(store, user_id, organisation_id, organisation_id, None)


async def switch_active(store: PostgresEventStore, principal: Principal, organisation_id: int) -> bool:
    """Returns whether the caller counts as a member of the new active organisation (superusers always do)."""
    pool, user_id = store.pool, _user_id(principal)
    member = principal.is_superuser or await lookups.is_member(pool, organisation_id, user_id)
    guest = await lookups.accepted_invitation(pool, organisation_id, principal.managing_organisation_id)
    if not (member or guest) or not await lookups.organisation_exists(pool, organisation_id):
        raise NotFound("organisation not found")
    await switch_context(store, user_id, principal.managing_organisation_id, organisation_id, None)
    return member


async def switch_environment(store: PostgresEventStore, principal: Principal, environment_id: uuid.UUID) -> None:
    """Superusers, members of the environment's organisation, or its guests with a registered invitation."""
    pool, user_id = store.pool, _user_id(principal)
    organisation_id = await lookups.environment_organisation(pool, environment_id)
    if organisation_id is None or not await lookups.organisation_exists(pool, organisation_id):
        raise NotFound("environment not found")
    guest = await lookups.accepted_invitation(pool, organisation_id, principal.managing_organisation_id)
    allowed = (
        principal.is_superuser
        or await lookups.is_member(pool, organisation_id, user_id)
        or (guest is not None and guest["registered"])
    )
    if not allowed:
        raise NotFound("environment not found")
    await switch_context(store, user_id, principal.managing_organisation_id, organisation_id, environment_id)
