"""Switching a user's managing organisation (A140), active organisation (A187) and active environment (A115)."""

from __future__ import annotations

import uuid

from common.errors import NotFound
from common.http.principal import Principal
from gateway.domain import users
from gateway.service_layer.work import Unit, Units


def _user_id(principal: Principal) -> uuid.UUID:
    assert principal.user_id is not None, "switching needs a signed-in user"
    return principal.user_id


async def _switch(work: Unit, user_id: uuid.UUID, managing: int | None, active: int, env: uuid.UUID | None) -> None:
    await work.decide(users.stream(user_id), users.fold, lambda u: users.switch_context(u, managing, active, env))


async def switch_managing(units: Units, principal: Principal, organisation_id: int) -> None:
    """Members may pick their organisations, staff any; active becomes the same and no environment is active."""
    user_id = _user_id(principal)

    async def unit(work: Unit) -> None:
        directory = work.directory
        allowed = principal.is_staff or await directory.is_member(organisation_id, user_id)
        if not allowed or not await directory.organisation_exists(organisation_id):
            raise NotFound("organisation not found")
        await _switch(work, user_id, organisation_id, organisation_id, None)

    await units(unit)


async def switch_active(units: Units, principal: Principal, organisation_id: int) -> bool:
    """Returns whether the caller counts as a member of the new active organisation (superusers always do)."""
    user_id, managing = _user_id(principal), principal.managing_organisation_id

    async def unit(work: Unit) -> bool:
        directory = work.directory
        member = principal.is_superuser or await directory.is_member(organisation_id, user_id)
        guest = await directory.accepted_invitation(organisation_id, managing)
        if not (member or guest) or not await directory.organisation_exists(organisation_id):
            raise NotFound("organisation not found")
        await _switch(work, user_id, managing, organisation_id, None)
        return member

    return await units(unit)


async def switch_environment(units: Units, principal: Principal, environment_id: uuid.UUID) -> None:
    """Superusers, members of the environment's organisation, or its guests with a registered invitation."""
    user_id, managing = _user_id(principal), principal.managing_organisation_id

    async def unit(work: Unit) -> None:
        directory = work.directory
        organisation_id = await directory.environment_organisation(environment_id)
        if organisation_id is None or not await directory.organisation_exists(organisation_id):
            raise NotFound("environment not found")
        guest = await directory.accepted_invitation(organisation_id, managing)
        allowed = (
            principal.is_superuser
            or await directory.is_member(organisation_id, user_id)
            or (guest is not None and guest.registered)
        )
        if not allowed:
            raise NotFound("environment not found")
        await _switch(work, user_id, managing, organisation_id, environment_id)

    await units(unit)
