"""Alert method use cases on the in-memory unit of work: tenants apart, webhooks kept aside, organisations take
their methods."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from alerts.service_layer import alert_methods
from common.errors import Conflict, Invalid, NotFound
from common.unit_of_work import UnitOfWork
from tests.unit.alerts.service import InMemoryAlerts

ORG, OTHER = 1000, 2000
HOOK = "https://hooks.slack.com/services/T0ABCDEFG/B0HIJKLMN/abcdefghijklmnopqrstuvwx"
NEW_HOOK = "https://hooks.slack.com/services/T0ABCDEFG/B0HIJKLMN/ZYXWVUTSRQPONMLKJIHGFEDC"


async def test_a_method_is_created_changed_and_deleted() -> None:
    service = InMemoryAlerts()
    method_id = await alert_methods.create(service.run, service.webhooks, ORG, "On call", "email", ["a@example.com"])
    await alert_methods.update(service.run, service.webhooks, ORG, method_id, "Night", None, ["b@example.com"])
    method = await service.method(method_id)
    assert (method.name, method.alert_type, method.notification_parameters) == ("Night", "email", ("b@example.com",))
    assert (await service.holdings(ORG)).methods == {method_id}
    await alert_methods.delete(service.run, service.webhooks, service.known, ORG, method_id)
    assert (await service.method(method_id)).deleted
    assert (await service.holdings(ORG)).methods == frozenset()


async def test_webhooks_are_kept_beside_the_log_and_never_in_it() -> None:
    service = InMemoryAlerts()
    method_id = await alert_methods.create(service.run, service.webhooks, ORG, "Slack", "slack", [HOOK])
    assert service.webhooks.kept == {method_id: [HOOK]}
    await alert_methods.update(service.run, service.webhooks, ORG, method_id, None, None, [NEW_HOOK])
    assert service.webhooks.kept == {method_id: [NEW_HOOK]}
    await alert_methods.update(service.run, service.webhooks, ORG, method_id, None, "email", ["a@example.com"])
    assert service.webhooks.kept == {}
    stored = await service.stored_data()
    assert "abcdefghijklmnopqrstuvwx" not in stored and "ZYXWVUTSRQPONMLKJIHGFEDC" not in stored


async def test_a_deleted_slack_method_forgets_its_webhooks() -> None:
    service = InMemoryAlerts()
    method_id = await alert_methods.create(service.run, service.webhooks, ORG, "Slack", "slack", [HOOK])
    await alert_methods.delete(service.run, service.webhooks, service.known, ORG, method_id)
    assert service.webhooks.kept == {}


async def test_invalid_addresses_change_nothing() -> None:
    service = InMemoryAlerts()
    with pytest.raises(Invalid):
        await alert_methods.create(service.run, service.webhooks, ORG, "Slack", "slack", ["a@example.com"])
    assert (await service.holdings(ORG)).methods == frozenset()
    method_id = await alert_methods.create(service.run, service.webhooks, ORG, "Slack", "slack", [HOOK])
    with pytest.raises(Invalid):
        await alert_methods.update(service.run, service.webhooks, ORG, method_id, None, "email", [HOOK])
    assert (await service.method(method_id)).alert_type == "slack"
    assert service.webhooks.kept == {method_id: [HOOK]}


async def test_another_tenants_method_and_an_unknown_one_are_not_found_whatever_the_body() -> None:
    service = InMemoryAlerts()
    method_id = await alert_methods.create(service.run, service.webhooks, ORG, "Slack", "slack", [HOOK])
    for organisation_id, target in ((OTHER, method_id), (ORG, uuid.uuid4())):
        for values in (None, ["a@example.com"], [HOOK]):
            with pytest.raises(NotFound):
                await alert_methods.update(service.run, service.webhooks, organisation_id, target, "x", None, values)
        with pytest.raises(NotFound):
            await alert_methods.delete(service.run, service.webhooks, service.known, organisation_id, target)
    assert service.webhooks.kept == {method_id: [HOOK]}


async def test_concurrent_creations_are_all_held() -> None:
    service = InMemoryAlerts()
    created = await asyncio.gather(
        *(
            alert_methods.create(service.run, service.webhooks, ORG, f"m{i}", "email", ["a@example.com"])
            for i in range(5)
        )
    )
    assert (await service.holdings(ORG)).methods == set(created)


async def test_a_deleted_organisation_takes_its_methods_and_gets_no_new_ones() -> None:
    service = InMemoryAlerts()
    kept = await alert_methods.create(service.run, service.webhooks, OTHER, "Mail", "email", ["a@example.com"])
    gone = [
        await alert_methods.create(service.run, service.webhooks, ORG, "Mail", "email", ["a@example.com"]),
        await alert_methods.create(service.run, service.webhooks, ORG, "Slack", "slack", [HOOK]),
    ]

    async def deleted(work: UnitOfWork) -> None:
        await alert_methods.organisation_deleted(work, service.webhooks, ORG)

    await service.run(deleted)
    await service.run(deleted)  # a redelivery
    assert [(await service.method(m)).deleted for m in gone] == [True, True]
    assert not (await service.method(kept)).deleted
    assert service.webhooks.kept == {}
    with pytest.raises(NotFound):
        await alert_methods.create(service.run, service.webhooks, ORG, "Again", "email", ["a@example.com"])


async def test_a_method_alerts_use_is_not_deleted() -> None:
    service = InMemoryAlerts()
    method_id = await alert_methods.create(service.run, service.webhooks, ORG, "On call", "email", ["a@example.com"])
    service.known.in_use[method_id] = 2
    with pytest.raises(Conflict):
        await alert_methods.delete(service.run, service.webhooks, service.known, ORG, method_id)
    assert not (await service.method(method_id)).deleted
