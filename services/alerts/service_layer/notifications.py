"""Use cases around notifications (A163–A169) and muted categories (A165, A166, A275).

A notification is raised once per message that causes it (its id derives from the message's), for the
organisation's members at that moment less those who muted its category for themselves or whose
organisation muted it; nobody left, no notification.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from alerts.domain import mutes, notifications
from alerts.service_layer.ports import Members
from alerts.service_layer.units import decide, load
from common.unit_of_work import Runner, UnitOfWork


async def raise_notification(
    work: UnitOfWork, members: Members, message_id: str, organisation_id: int, category: str, message: str,
    resource_id: str | None,
) -> None:  # fmt: skip
    muted = await load(work, mutes.stream_id(organisation_id), mutes.fold)
    recipients = [u for u in await members.of(organisation_id) if muted.receives(u, category)]
    notification_id = notifications.id_for(message_id)
    await decide(work, notifications.stream_id(notification_id), notifications.fold,
                 lambda n: notifications.raise_(n, notification_id, organisation_id, category, message, resource_id,
                                                recipients))  # fmt: skip


async def read(run: Runner, organisation_id: int, user_id: uuid.UUID, notification_ids: Sequence[uuid.UUID]) -> None:
    async def unit(work: UnitOfWork) -> None:
        for notification_id in dict.fromkeys(notification_ids):
            await decide(work, notifications.stream_id(notification_id), notifications.fold,
                         lambda n: notifications.read(n, organisation_id, user_id))  # fmt: skip

    await run(unit)


async def delete(run: Runner, organisation_id: int, user_id: uuid.UUID, notification_ids: Sequence[uuid.UUID]) -> None:
    async def unit(work: UnitOfWork) -> None:
        for notification_id in dict.fromkeys(notification_ids):
            await decide(work, notifications.stream_id(notification_id), notifications.fold,
                         lambda n: notifications.dismiss(n, organisation_id, user_id))  # fmt: skip

    await run(unit)


async def mute(run: Runner, organisation_id: int, user_id: uuid.UUID | None, categories: Sequence[str]) -> list[str]:
    """Mute for the organisation (``user_id`` None) or for one user in it; returns what is muted now."""

    async def unit(work: UnitOfWork) -> None:
        await decide(work, mutes.stream_id(organisation_id), mutes.fold,
                     lambda m: mutes.mute(m, organisation_id, user_id, categories))  # fmt: skip

    await run(unit)
    return sorted(categories)


async def muted(run: Runner, organisation_id: int, user_id: uuid.UUID | None) -> list[str]:
    async def unit(work: UnitOfWork) -> list[str]:
        return sorted((await load(work, mutes.stream_id(organisation_id), mutes.fold)).of(user_id))

    return await run(unit)
