"""Guests put alerts on the inputs an owner's source invitation shows them (all channels, per environment, or a
grant of the input) and on the outputs they take; A049 lists exactly those; a grant revoked or the invitation
deleted takes the guest's alerts that lost their ground, and nobody else's. The guests read model takes the
gateway's messages in any order."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alerts.adapters.guests import PostgresGuests
from alerts.adapters.known import PostgresKnown
from common.http.principal import GuestAccess, Principal, Role
from gateway.contract import events as g
from scheduler.contract.events import EventShown, EventWithdrawn
from tests.integration.alerts.conftest import AlertsUnderTest
from tests.integration.alerts.test_alerts import ALERTS, _set, rule
from tests.support.service_under_test import member_of, new_organisation
from tests.support.waiting import eventually


def as_guest(home: int, owner: int, environment_id: uuid.UUID, role: Role = "admin") -> Principal:
    access = GuestAccess(invitation_id=uuid.uuid4(), source_organisation_id=owner, show_all_channels=False,
                         show_all_events=False, registered=True, billing_source="source_owner",
                         global_max_destinations=1)  # fmt: skip
    return Principal(kind="user", user_id=uuid.uuid4(), managing_organisation_id=home, managing_role=role,
                     active_organisation_id=owner, active_guest=access,
                     active_environment_id=environment_id)  # fmt: skip


class Invitation:
    def __init__(self, alerts: AlertsUnderTest, owner: int, guest: int) -> None:
        self.alerts, self.owner, self.guest, self.invitation_id = alerts, owner, guest, uuid.uuid4()

    def _parties(self) -> dict[str, Any]:
        return {"organisation_id": self.owner, "invitation_id": self.invitation_id,
                "guest_organisation_id": self.guest}  # fmt: skip

    async def made(self, show_all_channels: bool) -> Invitation:
        await self.alerts.publish(g.SourceInvitationAccepted(**self._parties()))
        await self.alerts.publish(g.SourcePermissionsChanged(
            **self._parties(), show_all_channels=show_all_channels, show_all_events=False, registered=True,
            billing_source="source_owner", global_max_destinations=1))  # fmt: skip
        await self.alerts.until("SELECT show_all_channels FROM alerts.guest_invitations WHERE invitation_id = $1 "
                                "AND permissions_as_of IS NOT NULL", self.invitation_id,
                                expect=show_all_channels)  # fmt: skip
        return self

    async def grant(self, input_id: str, environment_id: uuid.UUID | None = None) -> None:
        await self.alerts.publish(g.SourceInputAccessGranted(**self._parties(), input_id=input_id,
                                                             environment_id=environment_id))  # fmt: skip
        await self._heard(input_id, True)

    async def revoke(self, input_id: str) -> None:
        await self.alerts.publish(g.SourceInputAccessRevoked(**self._parties(), input_id=input_id))
        await self._heard(input_id, False)

    async def _heard(self, input_id: str, granted: bool) -> None:
        await self.alerts.until("SELECT granted FROM alerts.guest_input_grants WHERE invitation_id = $1 AND "
                                "input_id = $2", self.invitation_id, input_id, expect=granted)  # fmt: skip

    async def environment(self, environment_id: uuid.UUID, show_all_channels: bool) -> None:
        await self.alerts.publish(g.SourceEnvironmentSettingsChanged(
            **self._parties(), environment_id=environment_id, show_all_channels=show_all_channels,
            max_destinations=None))  # fmt: skip
        await self.alerts.until("SELECT show_all_channels FROM alerts.guest_environment_settings WHERE "
                                "invitation_id = $1 AND environment_id = $2", self.invitation_id, environment_id,
                                expect=show_all_channels)  # fmt: skip

    async def deleted(self) -> None:
        await self.alerts.publish(g.SourceInvitationDeleted(**self._parties(), reason="deleted_by_owner"))


async def _world(alerts: AlertsUnderTest) -> tuple[int, int, uuid.UUID, uuid.UUID]:
    owner, guest = new_organisation(), new_organisation()
    first, second = await alerts.environment(owner), await alerts.environment(owner)
    for environment_id, input_id in ((first, "cam-1"), (first, "cam-2"), (first, "cam-3"), (second, "cam-9")):
        await alerts.endpoint("input", owner, environment_id, input_id)
    await alerts.endpoint("output", guest, first, "out-g")
    return owner, guest, first, second


async def _create(alerts: AlertsUnderTest, caller: Principal, environment_id: uuid.UUID, method: str,
                  inputs: list[str] = [], outputs: list[str] = []) -> Any:  # fmt: skip  # noqa: B006
    body = {"environment_id": str(environment_id), "input_ids": inputs, "output_ids": outputs,
            "alert_method_id": method, **rule()}  # fmt: skip
    return await alerts.call(caller, "POST", ALERTS, body)


async def _live(alerts: AlertsUnderTest, made_by: int) -> list[tuple[str, str]]:
    rows = await alerts.runtime.pool.fetch(
        "SELECT side, endpoint_id FROM alerts.alerts WHERE created_by_organisation_id = $1 AND NOT deleted "
        "ORDER BY side, endpoint_id", made_by)  # fmt: skip
    return [(r["side"], r["endpoint_id"]) for r in rows]


async def test_a_guest_alerts_exactly_the_inputs_shown_to_it_and_the_outputs_it_takes(alerts: AlertsUnderTest) -> None:
    owner, guest, first, second = await _world(alerts)
    admin, operator, monitor = (as_guest(guest, owner, first, role) for role in ("admin", "operator", "monitor"))
    method = await alerts.create(member_of(guest), "Guest mail")
    assert (await _create(alerts, admin, first, method, ["cam-1"])).status == 404, "no invitation yet"
    listed = (await alerts.call(admin, "GET", f"{ALERTS}/endpoints")).ok()
    assert (listed["input_ids"], listed["output_ids"]) == ([], ["out-g"])

    invitation = await Invitation(alerts, owner, guest).made(show_all_channels=False)
    await invitation.grant("cam-2")
    await invitation.grant("cam-9", second)
    await invitation.environment(second, show_all_channels=False)
    listed = (await alerts.call(admin, "GET", f"{ALERTS}/endpoints")).ok()
    assert (listed["input_ids"], listed["output_ids"]) == (["cam-2"], ["out-g"])
    reply = await _create(alerts, operator, first, method, ["cam-1"])
    assert reply.status == 404 and "input_ids" in str(reply.body), "cam-1 is neither granted nor shown"
    assert (await _create(alerts, monitor, first, method, ["cam-2"])).status == 403
    made = (await _create(alerts, operator, first, method, ["cam-2"], ["out-g"])).ok(201)["objects"]
    assert [(a["input_id"], a["output_id"], a["organisation_id"], a["created_by_organisation_id"]) for a in made] == [
        ("cam-2", None, owner, guest), (None, "out-g", owner, guest)]  # fmt: skip
    assert (await _create(alerts, admin, second, method, ["cam-9"])).ok(201)

    await invitation.environment(first, show_all_channels=True)
    listed = (await alerts.call(admin, "GET", f"{ALERTS}/endpoints")).ok()
    assert listed["input_ids"] == ["cam-1", "cam-2", "cam-3"]
    (await _create(alerts, admin, first, method, ["cam-1"])).ok(201)
    stranger = as_guest(new_organisation(), owner, first)
    assert (await alerts.call(stranger, "GET", f"{ALERTS}/endpoints")).ok()["input_ids"] == []
    owners = (await alerts.call(member_of(owner).model_copy(update={"active_environment_id": first}), "GET",
                                f"{ALERTS}/endpoints")).ok()  # fmt: skip
    assert owners["input_ids"] == ["cam-1", "cam-2", "cam-3"]
    # the guest deletes its own, the owner may delete the guest's alert on its input
    (await alerts.call(admin, "DELETE", f"{ALERTS}/{made[1]['id']}")).ok(204)
    (await alerts.call(member_of(owner), "DELETE", f"{ALERTS}/{made[0]['id']}")).ok(204)
    assert await _live(alerts, guest) == [("input", "cam-1"), ("input", "cam-9")]
    # by environment, the guest deletes what it made there, not the owner's
    owners_alert = (await _create(alerts, member_of(owner), first, await alerts.create(member_of(owner), "M"),
                                  ["cam-1"])).ok(201)["objects"][0]["id"]  # fmt: skip
    (await alerts.call(operator, "DELETE", f"/api/customer_environment/{first}/alerts")).ok(204)
    assert await _live(alerts, guest) == [("input", "cam-9")]
    _, items = await _set(alerts, first)
    assert items == [owners_alert]


async def test_a_revoked_grant_and_a_deleted_invitation_take_the_guests_alerts_that_lost_their_ground(
    alerts: AlertsUnderTest,
) -> None:
    owner, guest, first, _ = await _world(alerts)
    caller = as_guest(guest, owner, first)
    method = await alerts.create(member_of(guest), "Guest mail")
    invitation = await Invitation(alerts, owner, guest).made(show_all_channels=False)
    for input_id in ("cam-1", "cam-2"):
        await invitation.grant(input_id)
    (await _create(alerts, caller, first, method, ["cam-1", "cam-2"], ["out-g"])).ok(201)
    owners = (await _create(alerts, member_of(owner), first, await alerts.create(member_of(owner), "M"),
                            ["cam-1", "cam-2"])).ok(201)["objects"]  # fmt: skip

    await invitation.revoke("cam-1")

    async def withdrawn(expected: list[tuple[str, str]]) -> None:
        assert await _live(alerts, guest) == expected

    await eventually(lambda: withdrawn([("input", "cam-2"), ("output", "out-g")]), within=15)
    await invitation.deleted()
    await eventually(lambda: withdrawn([("output", "out-g")]), within=15)
    assert await _live(alerts, owner) == [("input", "cam-1"), ("input", "cam-2")]
    _, items = await _set(alerts, first)
    assert len(items) == 3 and {a["id"] for a in owners} <= set(items), "the set no longer holds the guest's inputs"
    assert (await _create(alerts, caller, first, method, ["cam-2"])).status == 404


async def test_the_guests_read_model_takes_the_gateways_messages_in_any_order(pool: asyncpg.Pool,
                                                                              own_schema: str) -> None:  # fmt: skip
    owner, guest, environment_id, now = 1, 2, uuid.uuid4(), datetime.now(UTC)
    invitation, earlier = uuid.uuid4(), now - timedelta(seconds=5)
    async with pool.acquire() as conn:
        guests, known = PostgresGuests(conn, own_schema), PostgresKnown(conn, own_schema)

        async def shown(input_id: str) -> bool:
            return await known.shown_to_guest(environment_id, guest, owner, input_id)

        # accepted before created was heard; the revocation overtakes its older grant
        await guests.heard(invitation, owner, guest)
        await guests.heard(invitation, owner, None)
        await guests.input_access(invitation, "cam-1", None, False, now)
        await guests.input_access(invitation, "cam-1", environment_id, True, earlier)
        await guests.input_access(invitation, "cam-2", environment_id, True, now)
        assert (await shown("cam-1"), await shown("cam-2")) == (False, True)
        # newer permissions win over older ones arriving later; an environment's setting overrides them
        await guests.permissions(invitation, now, registered=True, show_all_channels=False)
        await guests.permissions(invitation, earlier, registered=True, show_all_channels=True)
        assert await shown("cam-1") is False
        await guests.environment_settings(invitation, environment_id, now, True)
        await guests.environment_settings(invitation, environment_id, earlier, False)
        assert await shown("cam-1") is True
        await guests.permissions(invitation, now + timedelta(seconds=1), registered=False, show_all_channels=True)
        assert await shown("cam-2") is False, "unregistered: nothing shown"
        await guests.permissions(invitation, now + timedelta(seconds=2), registered=True, show_all_channels=False)
        await guests.deleted(invitation)
        await guests.heard(invitation, owner, guest)
        await guests.input_access(invitation, "cam-3", None, True, now + timedelta(seconds=3))
        assert (await shown("cam-1"), await shown("cam-2"), await shown("cam-3")) == (False, False, False)


Message = tuple[Any, ...]
MESSAGES = st.one_of(
    st.tuples(st.just("created")),
    st.tuples(st.just("deleted")),
    st.tuples(st.just("permissions"), st.booleans(), st.booleans()),
    st.tuples(st.just("granted"), st.sampled_from(["cam-1", "cam-2"]), st.booleans()),
    st.tuples(st.just("revoked"), st.sampled_from(["cam-1", "cam-2"])),
    st.tuples(st.just("environment"), st.one_of(st.none(), st.booleans())),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(messages=st.lists(MESSAGES, max_size=8).flatmap(lambda m: st.tuples(st.just(m), st.permutations(m))))
async def test_the_gateways_messages_in_any_order_show_what_they_show_in_order(
    pool: asyncpg.Pool, own_schema: str, messages: tuple[list[Message], list[Message]]
) -> None:
    """Each message stamped with when it happened, as the gateway sends them: applied in any order, the inputs
    shown are those shown when applied in order."""
    owner, guest, environment_id, start = 1, 2, uuid.uuid4(), datetime.now(UTC)
    in_order, shuffled = messages
    stamped = {id(m): start + timedelta(seconds=n) for n, m in enumerate(in_order)}

    async def shown_after(sequence: list[Message]) -> list[bool]:
        invitation = uuid.uuid4()
        async with pool.acquire() as conn:
            guests, known = PostgresGuests(conn, own_schema), PostgresKnown(conn, own_schema)
            for message in sequence:
                as_of = stamped[id(message)]
                await guests.heard(invitation, owner, None if message[0] == "created" else guest)
                match message:
                    case ("deleted",):
                        await guests.deleted(invitation)
                    case ("permissions", registered, show_all_channels):
                        await guests.permissions(invitation, as_of, registered, show_all_channels)
                    case ("granted", input_id, here):
                        await guests.input_access(invitation, input_id, environment_id if here else None, True, as_of)
                    case ("revoked", input_id):
                        await guests.input_access(invitation, input_id, None, False, as_of)
                    case ("environment", show_all_channels):
                        await guests.environment_settings(invitation, environment_id, as_of, show_all_channels)
            await guests.heard(invitation, owner, guest)  # the guest is known whatever came
            return [await known.shown_to_guest(environment_id, guest, owner, i) for i in ("cam-1", "cam-2", "cam-3")]

    assert await shown_after(shuffled) == await shown_after(in_order)


async def test_a_label_of_a_live_event_shows_its_input_to_the_guest_until_the_event_is_withdrawn(
    alerts: AlertsUnderTest,
) -> None:
    owner, guest, first, _ = await _world(alerts)
    caller = as_guest(guest, owner, first)
    method = await alerts.create(member_of(guest), "Guest mail")
    invitation = await Invitation(alerts, owner, guest).made(show_all_channels=False)
    label, event_id = uuid.uuid4(), uuid.uuid4()
    await alerts.publish(g.SourceLabelAccessGranted(**invitation._parties(), label_id=label))
    await alerts.publish(EventShown(organisation_id=owner, event_id=event_id, version=1, environment_id=first,
                                    input_id="cam-3", label_ids=[label]), "scheduler")  # fmt: skip

    async def listed(expected: list[str]) -> None:
        assert (await alerts.call(caller, "GET", f"{ALERTS}/endpoints")).ok()["input_ids"] == expected

    await eventually(lambda: listed(["cam-3"]), within=15)
    (await _create(alerts, caller, first, method, ["cam-3"])).ok(201)
    assert (await _create(alerts, caller, first, method, ["cam-1"])).status == 404
    await alerts.publish(EventWithdrawn(organisation_id=owner, event_id=event_id, version=2), "scheduler")
    await eventually(lambda: listed([]), within=15)

    async def swept() -> None:
        assert await _live(alerts, guest) == []

    await eventually(swept, within=15)
