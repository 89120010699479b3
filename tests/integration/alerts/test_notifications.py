"""Notifications through the bus and the routes: an environments event reaches every member of its organisation
once, none who muted it; each member reads and deletes their own."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

from alerts.domain.notifications import id_for
from billing.contract.events import ChargeDeclined, CreditsExhausted, CreditsLow
from common.bus.publisher import Publisher
from common.bus.topology import route
from common.contracts import envelope_for
from common.http.principal import Principal
from environments.contract.events import EnvironmentBecameUnreachable, EnvironmentRecovered
from gateway.contract.events import UserJoinedOrganisation
from tests.integration.alerts.conftest import AlertsUnderTest
from tests.support.service_under_test import member_of, new_organisation
from tests.support.waiting import eventually

NOTIFICATIONS = "/api/notifications"


async def _organisation(alerts: AlertsUnderTest, roles: tuple[str, ...]) -> list[Principal]:
    organisation_id = new_organisation()
    members = [member_of(organisation_id, role) for role in roles]  # type: ignore[arg-type]
    for member in members:
        assert member.user_id is not None
        joined = UserJoinedOrganisation(
            organisation_id=organisation_id, user_id=member.user_id, permission_type="admin"
        )
        await alerts.publish(joined)

    async def known() -> None:
        sql = "SELECT count(*) FROM alerts.members WHERE organisation_id = $1"
        assert await alerts.runtime.pool.fetchval(sql, organisation_id) == len(members)

    await eventually(known, within=15)
    return members


async def _mine(alerts: AlertsUnderTest, member: Principal, query: str = "") -> list[dict]:  # type: ignore[type-arg]
    return list((await alerts.call(member, "GET", f"{NOTIFICATIONS}{query}")).ok()["objects"])


async def test_an_environment_event_notifies_every_member_once(alerts: AlertsUnderTest) -> None:
    members = await _organisation(alerts, ("admin", "operator", "monitor"))
    organisation_id, environment_id = members[0].managing_organisation_id or 0, uuid.uuid4()
    event = EnvironmentBecameUnreachable(organisation_id=organisation_id, environment_id=environment_id,
                                         last_heartbeat_at=None)  # fmt: skip
    envelope = envelope_for(event, producer="environments", correlation_id="unreachable")
    publisher = Publisher("environments")
    await publisher.open(alerts.runtime.connection)
    for _ in range(2):  # a redelivery
        await publisher.publish_envelope(envelope, *route(event))
    await publisher.close()

    async def everyone_notified() -> None:
        for member in members:
            assert len(await _mine(alerts, member)) == 1

    await eventually(everyone_notified, within=15)
    await alerts.publish(EnvironmentRecovered(organisation_id=organisation_id, environment_id=environment_id),
                         producer="environments")  # fmt: skip

    async def recovered_too() -> None:
        assert len(await _mine(alerts, members[0])) == 2

    await eventually(recovered_too, within=15)
    for member in members:
        newest, oldest = await _mine(alerts, member)
        assert (newest["category"], oldest["category"]) == ("environment_recovered", "environment_unreachable")
        assert oldest["id"] == str(id_for(str(envelope.message_id)))
        assert oldest["resource_id"] == str(environment_id) and str(environment_id) in oldest["message"]
        assert not oldest["read"]
    stranger = member_of(new_organisation())
    assert await _mine(alerts, stranger) == []


async def test_muted_categories_create_no_notification(alerts: AlertsUnderTest) -> None:
    admin, operator, monitor = await _organisation(alerts, ("admin", "operator", "monitor"))
    organisation_id = admin.managing_organisation_id or 0
    body = {"categories": ["environment_recovered"]}
    assert (await alerts.call(admin, "PUT", f"{NOTIFICATIONS}/muted_categories", body)).ok() == body
    assert (await alerts.call(monitor, "GET", f"{NOTIFICATIONS}/muted_categories")).ok() == body
    assert (await alerts.call(monitor, "PUT", f"{NOTIFICATIONS}/muted_categories", body)).status == 403
    mine = {"categories": ["environment_unreachable"]}
    assert (await alerts.call(operator, "PUT", "/api/user/notifications/muted_categories", mine)).ok() == mine
    for event in (EnvironmentRecovered(organisation_id=organisation_id, environment_id=uuid.uuid4()),
                  EnvironmentBecameUnreachable(organisation_id=organisation_id, environment_id=uuid.uuid4(),
                                               last_heartbeat_at=None)):  # fmt: skip
        await alerts.publish(event, producer="environments")

    async def delivered() -> None:
        assert [n["category"] for n in await _mine(alerts, admin)] == ["environment_unreachable"]
        assert [n["category"] for n in await _mine(alerts, monitor)] == ["environment_unreachable"]

    await eventually(delivered, within=15)
    assert await _mine(alerts, operator) == []
    bad = await alerts.call(admin, "PUT", f"{NOTIFICATIONS}/muted_categories", {"categories": ["weather"]})
    assert bad.status == 400 and bad.body["errors"][0]["parameter"] == "categories"


async def test_each_member_reads_and_deletes_their_own(alerts: AlertsUnderTest) -> None:
    admin, monitor = await _organisation(alerts, ("admin", "monitor"))
    organisation_id = admin.managing_organisation_id or 0
    for _ in range(3):
        await alerts.publish(EnvironmentRecovered(organisation_id=organisation_id, environment_id=uuid.uuid4()),
                             producer="environments")  # fmt: skip

    async def three() -> None:
        assert len(await _mine(alerts, monitor)) == 3 and len(await _mine(alerts, admin)) == 3

    await eventually(three, within=15)
    first, second, third = (n["id"] for n in await _mine(alerts, monitor))
    assert (await alerts.call(monitor, "POST", f"{NOTIFICATIONS}/{first}/read")).status == 204
    assert (await alerts.call(monitor, "POST", f"{NOTIFICATIONS}/read", {"notification_ids": [second]})).status == 204
    assert [n["id"] for n in await _mine(alerts, monitor, "?read=false")] == [third]
    assert [n["read"] for n in await _mine(alerts, admin)] == [False, False, False]
    assert (await alerts.call(monitor, "DELETE", f"{NOTIFICATIONS}/{first}")).status == 204
    body = {"notification_ids": [second, third]}
    assert (await alerts.call(monitor, "POST", f"{NOTIFICATIONS}/delete", body)).status == 204
    assert await _mine(alerts, monitor) == []
    assert len(await _mine(alerts, admin, "?category=environment_recovered")) == 3
    stranger = member_of(new_organisation())
    assert (await alerts.call(stranger, "POST", f"{NOTIFICATIONS}/{first}/read")).status == 404
    assert (await alerts.call(monitor, "DELETE", f"{NOTIFICATIONS}/{first}")).status == 404
    unknown = {"notification_ids": [first, str(uuid.uuid4())]}
    assert (await alerts.call(admin, "POST", f"{NOTIFICATIONS}/read", unknown)).status == 404
    assert [n["read"] for n in await _mine(alerts, admin)] == [False, False, False]


async def test_exhausted_credits_notify_every_member_unless_they_muted_the_category(alerts: AlertsUnderTest) -> None:
    admin, operator = await _organisation(alerts, ("admin", "operator"))
    organisation_id = admin.managing_organisation_id or 0
    mine = {"categories": ["credits_exhausted"]}
    assert (await alerts.call(operator, "PUT", "/api/user/notifications/muted_categories", mine)).ok() == mine
    await alerts.publish(CreditsExhausted(organisation_id=organisation_id), producer="billing")

    async def delivered() -> None:
        received = await _mine(alerts, admin)
        assert len(received) == 1
        notification = received[0]
        assert (notification["category"], notification["resource_id"]) == ("credits_exhausted", None)
        assert "free credits" in notification["message"]

    await eventually(delivered, within=15)
    assert await _mine(alerts, operator) == []


async def test_low_credits_and_a_declined_charge_tell_the_organisation_what_and_how_much(
    alerts: AlertsUnderTest,
) -> None:
    [admin] = await _organisation(alerts, ("admin",))
    organisation_id = admin.managing_organisation_id or 0
    await alerts.publish(CreditsLow(organisation_id=organisation_id, currency="eur"), producer="billing")
    hour = datetime(2026, 12, 2, 9, tzinfo=UTC)
    declined = ChargeDeclined(organisation_id=organisation_id, charge_id="ch-7", hour=hour, currency="usd",
                              amount=Decimal("12.34"), attempts=4, reason="card expired")  # fmt: skip
    await alerts.publish(declined, producer="billing")

    async def told() -> None:
        received = {n["category"]: n for n in await _mine(alerts, admin)}
        assert set(received) == {"credits_low", "charge_declined"}
        assert "eur" in received["credits_low"]["message"]
        charge = received["charge_declined"]
        assert "12.34 usd" in charge["message"] and "card expired" in charge["message"]
        assert charge["resource_id"] == "ch-7"

    await eventually(told, within=15)
