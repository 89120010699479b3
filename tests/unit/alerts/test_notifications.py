"""Notifications and muted categories: decided on folded histories and run on the in-memory unit of work."""

from __future__ import annotations

import uuid

import pytest

from alerts.contract.categories import NAMES
from alerts.contract.sources import SOURCES
from alerts.domain import mutes, notifications
from alerts.service_layer import notifications as use_cases
from common.errors import NotFound
from common.unit_of_work import UnitOfWork
from tests.unit.alerts.service import InMemoryAlerts

ORG, OTHER = 1000, 2000
ANN, BOB, CAT = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


class Members:
    def __init__(self, **organisations: list[uuid.UUID]) -> None:
        self.by_organisation = {int(k.removeprefix("org")): v for k, v in organisations.items()}

    async def of(self, organisation_id: int) -> list[uuid.UUID]:
        return self.by_organisation.get(organisation_id, [])


MEMBERS = Members(org1000=[ANN, BOB, CAT])


async def raised(service: InMemoryAlerts, message_id: str, category: str = "environment_unreachable") -> uuid.UUID:
    async def unit(work: UnitOfWork) -> None:
        await use_cases.raise_notification(work, MEMBERS, message_id, ORG, category, "it happened", "env-1")

    await service.run(unit)
    return notifications.id_for(message_id)


async def state(service: InMemoryAlerts, notification_id: uuid.UUID) -> notifications.Notification:
    return notifications.fold(await service.events(notifications.stream_id(notification_id)))


def test_every_source_raises_a_known_category() -> None:
    assert {source.category for source in SOURCES.values()} <= set(NAMES)


async def test_a_notification_goes_to_every_member_once_however_often_its_message_comes() -> None:
    service = InMemoryAlerts()
    notification_id = await raised(service, "m-1")
    await raised(service, "m-1")
    assert len(await service.events(notifications.stream_id(notification_id))) == 1
    assert (await state(service, notification_id)).unread == {ANN, BOB, CAT}


async def test_each_recipient_reads_and_deletes_their_own_copy() -> None:
    service = InMemoryAlerts()
    first, second = await raised(service, "m-1"), await raised(service, "m-2")
    await use_cases.read(service.run, ORG, ANN, [first, second, first])
    await use_cases.delete(service.run, ORG, BOB, [first])
    after = await state(service, first)
    assert after.unread == {CAT} and after.kept == {ANN, CAT}
    with pytest.raises(NotFound):
        await use_cases.read(service.run, ORG, BOB, [first])


async def test_someone_elses_or_an_unknown_notification_is_not_found_and_nothing_changes() -> None:
    service = InMemoryAlerts()
    notification_id = await raised(service, "m-1")
    for organisation_id, user_id, target in ((OTHER, ANN, notification_id), (ORG, uuid.uuid4(), notification_id),
                                             (ORG, ANN, uuid.uuid4())):  # fmt: skip
        with pytest.raises(NotFound):
            await use_cases.read(service.run, organisation_id, user_id, [target])
        with pytest.raises(NotFound):
            await use_cases.delete(service.run, organisation_id, user_id, [target])
    with pytest.raises(NotFound):
        await use_cases.read(service.run, ORG, ANN, [notification_id, uuid.uuid4()])
    assert (await state(service, notification_id)).unread == {ANN, BOB, CAT}


async def test_muted_categories_reach_nobody_who_muted_them() -> None:
    service = InMemoryAlerts()
    assert await use_cases.mute(service.run, ORG, BOB, ["environment_unreachable"]) == ["environment_unreachable"]
    assert (await state(service, await raised(service, "m-1"))).unread == {ANN, CAT}
    await use_cases.mute(service.run, ORG, None, ["environment_degraded", "environment_unreachable"])
    assert await use_cases.muted(service.run, ORG, None) == ["environment_degraded", "environment_unreachable"]
    assert await use_cases.muted(service.run, ORG, BOB) == ["environment_unreachable"]
    assert not (await state(service, await raised(service, "m-2"))).exists
    assert (await state(service, await raised(service, "m-3", "environment_recovered"))).unread == {ANN, BOB, CAT}


def test_muting_the_same_set_again_records_nothing() -> None:
    muted = mutes.fold(mutes.mute(mutes.Mutes(), ORG, None, ["environment_running"]))
    assert mutes.mute(muted, ORG, None, ["environment_running"]) == []
    assert len(mutes.mute(muted, ORG, ANN, ["environment_running"])) == 1
    assert not muted.receives(ANN, "environment_running") and muted.receives(ANN, "environment_deleted")


def test_a_notification_for_nobody_is_not_raised() -> None:
    assert notifications.raise_(notifications.Notification(), uuid.uuid4(), ORG, "c", "m", None, []) == []
