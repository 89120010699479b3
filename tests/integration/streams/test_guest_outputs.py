"""Guests take outputs on an owner's environment as the gateway's source invitations let them, up to their
maximum under racing creations; the owner deletes them all with the invitation's token (A218), and they go when
the invitation no longer lets the guest take any. Guests see the inputs their invitations show them (A056, A069),
without technical details."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from datetime import UTC, datetime
from typing import Any

from gateway.contract import events as g
from tests.integration.access.cast import guest_of
from tests.integration.streams.conftest import StreamsUnderTest
from tests.support.service_under_test import member_of, new_organisation
from tests.support.waiting import eventually


class Invitation:
    def __init__(self, streams: StreamsUnderTest, owner: int, guest: int) -> None:
        self.streams, self.owner, self.guest = streams, owner, guest
        self.invitation_id, self.token = uuid.uuid4(), secrets.token_urlsafe(32)

    def _parties(self) -> dict[str, Any]:
        return {"organisation_id": self.owner, "invitation_id": self.invitation_id,
                "guest_organisation_id": self.guest}  # fmt: skip

    async def made(self, max_destinations: int = 2, show_all_channels: bool = True) -> Invitation:
        await self.streams.publish("gateway", g.SourceInvitationCreated(
            **{**self._parties(), "guest_organisation_id": None}, destination_temporary_name="guest",
            token_digest=g.invitation_token_digest(self.token)))  # fmt: skip
        await self.streams.publish("gateway", g.SourceInvitationAccepted(**self._parties()))
        await self.permissions(registered=True, show_all_channels=show_all_channels, most=max_destinations)
        return self

    async def permissions(self, registered: bool, show_all_channels: bool = True, most: int = 2) -> None:
        await self.streams.publish("gateway", g.SourcePermissionsChanged(
            **self._parties(), show_all_channels=show_all_channels, show_all_events=False, registered=registered,
            billing_source="source_owner", global_max_destinations=most))  # fmt: skip
        sql = "SELECT registered, max_destinations FROM streams.guest_invitations WHERE invitation_id = $1"

        async def heard() -> None:
            row = await self.streams.runtime.pool.fetchrow(sql, self.invitation_id)
            assert row is not None and (row[0], row[1]) == (registered, most)

        await eventually(heard, within=15)

    async def deleted(self) -> None:
        await self.streams.publish("gateway", g.SourceInvitationDeleted(**self._parties(), reason="deleted_by_owner"))


async def shown_and_granted(
    streams: StreamsUnderTest, owner: int, guest: int, placed: dict[str, str], shown: tuple[str, ...] = ("shown",)
) -> Invitation:
    """The owner's SRT listener inputs ``placed`` on environments; an invitation to the guest that shows it no
    channel but grants it the input ``granted`` and shows it every channel of the environments of ``shown``."""
    for input_id, environment_id in placed.items():
        path = f"/api/customer_environment/{environment_id}/inputs/srt_listener"
        (await streams.call(member_of(owner), "POST", path, {"id": input_id})).ok(201)
    invitation = await Invitation(streams, owner, guest).made(show_all_channels=False)
    parties = {"organisation_id": owner, "invitation_id": invitation.invitation_id, "guest_organisation_id": guest}
    await streams.publish("gateway", g.SourceInputAccessGranted(**parties, input_id="granted", environment_id=None))
    environments = {uuid.UUID(placed[input_id]) for input_id in shown}
    for environment_id in environments:
        settings = {"show_all_channels": True, "max_destinations": None}
        await streams.publish("gateway", g.SourceEnvironmentSettingsChanged(
            **parties, environment_id=environment_id, **settings))  # fmt: skip

    async def heard() -> None:  # the guest acts at once: streams must have taken the grant and the settings in
        pool, invitation_id = streams.runtime.pool, invitation.invitation_id
        grants = "SELECT input_id FROM streams.guest_input_grants WHERE invitation_id = $1"
        settled = "SELECT environment_id FROM streams.guest_environment_settings WHERE invitation_id = $1"
        assert [row[0] for row in await pool.fetch(grants, invitation_id)] == ["granted"]
        assert {row[0] for row in await pool.fetch(settled, invitation_id)} == environments

    await eventually(heard, within=15)
    return invitation


async def _create(streams: StreamsUnderTest, caller: Any, environment_id: str, output_id: str) -> int:
    path = f"/api/customer_environment/{environment_id}/outputs/srt_caller"
    return (await streams.call(caller, "POST", path, {"id": output_id, "host": "h", "port": 9000})).status


async def _taken(streams: StreamsUnderTest, guest: int, environment_id: str) -> list[str]:
    rows = await streams.runtime.pool.fetch(
        "SELECT id FROM streams.outputs WHERE taker_organisation_id = $1 AND environment_id = $2 AND NOT deleted "
        "ORDER BY id", guest, uuid.UUID(environment_id))  # fmt: skip
    return [row["id"] for row in rows]


async def test_a_guest_takes_up_to_its_maximum_even_racing_and_the_owner_deletes_them_with_the_token(
    streams: StreamsUnderTest,
) -> None:
    owner, guest = new_organisation(), new_organisation()
    environment_id = await streams.environment(owner)
    stranger = member_of(new_organisation())
    assert await _create(streams, member_of(guest), environment_id, "early") == 404, "no invitation yet"
    invitation = await Invitation(streams, owner, guest).made(max_destinations=3)

    statuses = await asyncio.gather(*(_create(streams, member_of(guest), environment_id, f"g-{i}") for i in range(8)))
    assert sorted(statuses) == [201] * 3 + [409] * 5, statuses
    assert await _create(streams, member_of(owner), environment_id, "own") == 201, "the owner's are not counted"
    assert (
        await _create(streams, member_of(owner), environment_id, (await _taken(streams, guest, environment_id))[0])
        == 409
    )
    assert await _create(streams, stranger, environment_id, "x") == 404

    path = f"/api/source_invitations/{invitation.token}/environments/{environment_id}/destinations"
    assert (await streams.call(stranger, "DELETE", path)).status == 404
    assert (await streams.call(member_of(guest), "DELETE", path)).status == 404, "the guest holds no such invitation"
    wrong = f"/api/source_invitations/{secrets.token_urlsafe(32)}/environments/{environment_id}/destinations"
    assert (await streams.call(member_of(owner), "DELETE", wrong)).status == 404
    taken = await _taken(streams, guest, environment_id)
    assert (await streams.call(member_of(owner), "DELETE", path)).ok() == {"deleted": taken}
    assert await _taken(streams, guest, environment_id) == []
    assert await _taken(streams, owner, environment_id) == ["own"]


async def test_outputs_go_when_the_invitation_no_longer_lets_the_guest_take_any(streams: StreamsUnderTest) -> None:
    owner, guest, other_guest = new_organisation(), new_organisation(), new_organisation()
    environment_id = await streams.environment(owner)
    unregistered = await Invitation(streams, owner, guest).made()
    revoked = await Invitation(streams, owner, other_guest).made()
    for taker in (guest, other_guest):
        assert await _create(streams, member_of(taker), environment_id, f"out-{taker}") == 201

    started = datetime.now(UTC)
    await unregistered.permissions(registered=False)
    await revoked.deleted()

    async def withdrawn() -> None:
        assert await _taken(streams, guest, environment_id) == []
        assert await _taken(streams, other_guest, environment_id) == []

    await eventually(withdrawn, within=20)
    assert (datetime.now(UTC) - started).total_seconds() < 20
    assert await _create(streams, member_of(guest), environment_id, "again") == 404


async def test_a_guest_sees_the_inputs_shown_or_granted_to_it_without_their_technical_details(
    streams: StreamsUnderTest,
) -> None:
    owner, guest = new_organisation(), new_organisation()
    first, second = await streams.environment(owner), await streams.environment(owner)
    invitation = await shown_and_granted(streams, owner, guest, {"granted": first, "hidden": first, "shown": second})
    viewer = guest_of(guest, owner)

    async def seen(path: str) -> list[dict[str, Any]]:
        return list((await streams.call(viewer, "GET", path)).ok()["objects"])

    async def shown() -> None:
        listed = await seen("/api/inputs?order_by=id")
        assert [i["id"] for i in listed] == ["granted", "shown"]
        assert all(i["input_settings"] is None and i["port"] is None for i in listed)

    await eventually(shown, within=15)
    assert [i["id"] for i in await seen(f"/api/customer_environment/{first}/inputs")] == ["granted"]
    owners = (await streams.call(member_of(owner), "GET", "/api/inputs?order_by=id")).ok()["objects"]
    assert [i["id"] for i in owners] == ["granted", "hidden", "shown"] and owners[0]["input_settings"] is not None
    stranger = guest_of(new_organisation(), owner)
    assert (await streams.call(stranger, "GET", "/api/inputs")).ok()["objects"] == []
    await invitation.permissions(registered=False, show_all_channels=False)
    assert await seen("/api/inputs") == []
