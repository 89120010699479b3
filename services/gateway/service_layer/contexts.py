"""Keeping users' managing and active organisations pointing at something they may still see."""

from __future__ import annotations

import uuid

from gateway.domain import users
from gateway.service_layer.work import Unit


async def can_view(work: Unit, user: users.User, organisation_id: int) -> bool:
    """Superusers see every live organisation; others their own, and those their managing one is a guest of."""
    directory = work.directory
    if not await directory.organisation_exists(organisation_id):
        return False
    if user.is_superuser or (user.user_id and await directory.is_member(organisation_id, user.user_id)):
        return True
    return await directory.accepted_invitation(organisation_id, user.managing_organisation_id) is not None


async def settle(work: Unit, user_id: uuid.UUID, lost: int) -> None:
    """After ``user_id`` lost (or may have lost) access to ``lost``, move their context where they can look."""
    stream = users.stream(user_id)
    user = await work.load(stream, users.fold)
    remaining = await work.directory.membership_ids(user_id)
    visible = await can_view(work, user, lost)
    await work.decide(stream, users.fold, lambda u: users.context_after_losing(u, lost, remaining, visible))


async def settle_all(work: Unit, user_ids: list[uuid.UUID], lost: int) -> None:
    for user_id in user_ids:
        await settle(work, user_id, lost)
