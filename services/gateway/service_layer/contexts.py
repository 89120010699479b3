"""Keeping users' managing and active organisations pointing at something they may still see."""

from __future__ import annotations

import uuid

from gateway.adapters import lookups
from gateway.domain import users
from gateway.service_layer.work import Work


async def can_view(work: Work, user: users.User, organisation_id: int) -> bool:
    """Superusers see every live organisation; others their own, and those their managing one is a guest of."""
    conn = work.conn
    if not await lookups.organisation_exists(conn, organisation_id):
        return False
    if user.is_superuser or (user.user_id and await lookups.is_member(conn, organisation_id, user.user_id)):
        return True
    return await lookups.accepted_invitation(conn, organisation_id, user.managing_organisation_id) is not None


async def settle(work: Work, user_id: uuid.UUID, lost: int) -> None:
    """After ``user_id`` lost (or may have lost) access to ``lost``, move their context where they can look."""
    stream = users.stream(user_id)
    user = await work.load(stream, users.fold)
    remaining = await lookups.membership_ids(work.conn, user_id)
    visible = await can_view(work, user, lost)
    await work.decide(stream, users.fold, lambda u: users.context_after_losing(u, lost, remaining, visible))


async def settle_all(work: Work, user_ids: list[uuid.UUID], lost: int) -> None:
    for user_id in user_ids:
        await settle(work, user_id, lost)
