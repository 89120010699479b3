"""A guest takes outputs on an owner's environment, and sees an input there, through a live event on it whose label
the owner granted the guest (the gateway's A117; the scheduler's ``EventShown``), whatever order the messages come
in; once the event is withdrawn (or the label revoked) the guest's outputs there go and the input is hidden again."""

from __future__ import annotations

import uuid
from typing import Any

from gateway.contract import events as g
from scheduler.contract.events import EventShown, EventWithdrawn
from tests.integration.access.cast import guest_of
from tests.integration.streams.conftest import StreamsUnderTest
from tests.integration.streams.test_guest_outputs import Invitation, _create, _taken
from tests.support.service_under_test import member_of, new_organisation
from tests.support.waiting import eventually


async def _seen_inputs(streams: StreamsUnderTest, guest: int, owner: int) -> list[str]:
    listed = (await streams.call(guest_of(guest, owner), "GET", "/api/inputs?order_by=id")).ok()["objects"]
    return [i["id"] for i in listed]


async def test_a_label_granted_on_a_live_event_lets_the_guest_take_outputs_until_the_event_is_withdrawn(
    streams: StreamsUnderTest,
) -> None:
    owner, guest = new_organisation(), new_organisation()
    environment_id = await streams.environment(owner)
    for input_id in ("on-stage", "backstage"):
        path = f"/api/customer_environment/{environment_id}/inputs/srt_listener"
        (await streams.call(member_of(owner), "POST", path, {"id": input_id})).ok(201)
    invitation = await Invitation(streams, owner, guest).made(show_all_channels=False)
    parties = {"organisation_id": owner, "invitation_id": invitation.invitation_id, "guest_organisation_id": guest}
    label, other_label, event_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    env = uuid.UUID(environment_id)
    assert await _create(streams, member_of(guest), environment_id, "early") == 404, "nothing lets it take yet"

    def shown(version: int, labels: list[uuid.UUID]) -> EventShown:
        return EventShown(organisation_id=owner, event_id=event_id, version=version, environment_id=env,
                          input_id="on-stage", label_ids=labels)  # fmt: skip

    await streams.publish("scheduler", shown(2, [label]))
    await streams.publish("scheduler", shown(1, [other_label]))  # overtaken: changes nothing
    await streams.publish("gateway", g.SourceLabelAccessGranted(**parties, label_id=other_label))

    async def hidden() -> None:  # a label granted, but not the event's
        assert await _seen_inputs(streams, guest, owner) == []

    await eventually(hidden, within=15)
    assert await _create(streams, member_of(guest), environment_id, "still") == 404
    await streams.publish("gateway", g.SourceLabelAccessGranted(**parties, label_id=label))

    async def seen() -> None:
        assert await _seen_inputs(streams, guest, owner) == ["on-stage"]

    await eventually(seen, within=15)
    assert await _create(streams, member_of(guest), environment_id, "through-label") == 201

    await streams.publish("scheduler", EventWithdrawn(organisation_id=owner, event_id=event_id, version=3))
    await streams.publish("scheduler", shown(2, [label]))  # a late redelivery cannot bring it back

    async def withdrawn() -> None:
        assert await _taken(streams, guest, environment_id) == []
        assert await _seen_inputs(streams, guest, owner) == []

    await eventually(withdrawn, within=20)
    assert await _create(streams, member_of(guest), environment_id, "again") == 404


async def test_revoking_the_label_hides_the_event_s_input(streams: StreamsUnderTest) -> None:
    owner, guest = new_organisation(), new_organisation()
    environment_id = await streams.environment(owner)
    path = f"/api/customer_environment/{environment_id}/inputs/srt_listener"
    (await streams.call(member_of(owner), "POST", path, {"id": "cam"})).ok(201)
    invitation = await Invitation(streams, owner, guest).made(show_all_channels=False)
    parties: dict[str, Any] = {"organisation_id": owner, "invitation_id": invitation.invitation_id,
                               "guest_organisation_id": guest}  # fmt: skip
    label = uuid.uuid4()
    await streams.publish("gateway", g.SourceLabelAccessGranted(**parties, label_id=label))
    await streams.publish("scheduler", EventShown(organisation_id=owner, event_id=uuid.uuid4(), version=1,
                                                  environment_id=uuid.UUID(environment_id), input_id="cam",
                                                  label_ids=[label]))  # fmt: skip

    async def seen() -> None:
        assert await _seen_inputs(streams, guest, owner) == ["cam"]

    await eventually(seen, within=15)
    await streams.publish("gateway", g.SourceLabelAccessRevoked(**parties, label_id=label))

    async def hidden() -> None:
        assert await _seen_inputs(streams, guest, owner) == []

    await eventually(hidden, within=15)
    assert await _create(streams, member_of(guest), environment_id, "late") == 404
