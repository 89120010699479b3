"""Source invitations: create (A185), accept (A186), list (A212), update (A215), delete or leave (A216)."""

from __future__ import annotations

import uuid

from tests.integration.gateway.conftest import GatewayUnderTest
from tests.integration.gateway.messages import next_matching


async def test_an_admin_invites_and_gets_the_token_once(gateway: GatewayUnderTest) -> None:
    owner = await gateway.tenant("inviting")
    reply = await owner.api.post("/api/source_invitations", {"destination_temporary_name": "Broadcaster"})
    created = reply.ok(201)
    assert len(created["source_invitation_token"]) >= 40 and created["source_organisation_id"] == owner.organisation_id
    assert reply.headers["Location"] == created["resource_uri"] == f"/api/source_invitations/{created['id']}"
    [listed] = (await owner.api.get("/api/source_invitations")).ok()["objects"]
    assert listed["status"] == "pending" and listed["guest_organisation_id"] is None
    assert "source_invitation_token" not in listed and listed["destination_temporary_name"] == "Broadcaster"


async def test_creating_validates_the_name_and_needs_an_admin(gateway: GatewayUnderTest) -> None:
    owner = await gateway.tenant("limits")
    too_long = await owner.api.post("/api/source_invitations", {"destination_temporary_name": "x" * 31})
    assert too_long.status == 400 and too_long.body["errors"][0]["parameter"] == "destination_temporary_name"
    operator = await gateway.member(owner, "operator")
    assert (await operator.api.post("/api/source_invitations", {"destination_temporary_name": "X"})).status == 403


async def test_accepting_into_the_managing_organisation(gateway: GatewayUnderTest) -> None:
    owner, guest, late = await gateway.tenant("owner"), await gateway.tenant("taker"), await gateway.tenant("late")
    created = (await owner.api.post("/api/source_invitations", {"destination_temporary_name": "Taker"})).ok(201)
    token = {"source_invitation_token": created["source_invitation_token"]}
    assert (await owner.api.post("/api/source_invitations/accept", token)).status == 409, "not your own"
    taps = await gateway.tap()
    accepted = (await guest.api.post("/api/source_invitations/accept", token)).ok()
    assert accepted["status"] == "accepted" and accepted["guest_organisation_id"] == guest.organisation_id
    await next_matching(taps, "gateway.SourceInvitationAccepted", guest_organisation_id=guest.organisation_id)
    assert (await late.api.post("/api/source_invitations/accept", token)).status == 409, "already accepted"
    unknown = {"source_invitation_token": "n" * 43}
    assert (await guest.api.post("/api/source_invitations/accept", unknown)).status == 404
    short = await guest.api.post("/api/source_invitations/accept", {"source_invitation_token": "short"})
    assert short.status == 400 and short.body["errors"][0]["parameter"] == "source_invitation_token"


async def test_a_second_invitation_between_the_same_organisations_conflicts(gateway: GatewayUnderTest) -> None:
    owner, guest = await gateway.tenant("twice"), await gateway.tenant("again")
    await gateway.guest_of(owner, guest)
    second = (await owner.api.post("/api/source_invitations", {"destination_temporary_name": "Again"})).ok(201)
    token = {"source_invitation_token": second["source_invitation_token"]}
    assert (await guest.api.post("/api/source_invitations/accept", token)).status == 409


async def test_both_sides_list_the_invitation_and_nobody_else_does(gateway: GatewayUnderTest) -> None:
    owner, guest, other = await gateway.tenant("lister"), await gateway.tenant("listed"), await gateway.tenant("x")
    invitation = await gateway.guest_of(owner, guest)
    for side in (owner, guest):
        assert [i["id"] for i in (await side.api.get("/api/source_invitations")).ok()["objects"]] == [invitation["id"]]
    assert (await other.api.get("/api/source_invitations")).ok()["objects"] == []
    filtered = await owner.api.get(f"/api/source_invitations?guest_organisation_id={guest.organisation_id}")
    assert filtered.ok()["meta"]["total_count"] == 1


async def test_the_owner_updates_permissions_and_unregistering_revokes_grants(gateway: GatewayUnderTest) -> None:
    owner, guest = await gateway.tenant("perm-owner"), await gateway.tenant("perm-guest")
    invitation = await gateway.guest_of(owner, guest)
    path = f"/api/source_invitations/{invitation['id']}"
    label = (await owner.api.post("/api/labels", {"text": "Finals"})).ok(201)
    (await owner.api.post(f"{path}/inputs", {"input_id": "camera-1"})).ok(201)
    (await owner.api.post(f"{path}/labels", {"label_id": label["id"]})).ok(201)
    taps = await gateway.tap()
    body = {"show_all_channels": True, "billing_source": "destination_taker", "global_max_destinations": 10}
    updated = (await owner.api.patch(path, body)).ok()
    assert updated == {**updated, **body, "show_all_events": False, "registered": True}
    await next_matching(
        taps, "gateway.SourcePermissionsChanged", invitation_id=invitation["id"], show_all_channels=True
    )
    kicked = (await owner.api.patch(path, {"registered": False})).ok()
    assert kicked["registered"] is False and kicked["input_ids"] == [] and kicked["label_ids"] == []
    await next_matching(taps, "gateway.SourceInputAccessRevoked", input_id="camera-1")
    await next_matching(taps, "gateway.SourceLabelAccessRevoked", label_id=label["id"])
    assert (await owner.api.patch(path, {"global_max_destinations": 11})).body["errors"][0]["parameter"] == (
        "global_max_destinations"
    )
    assert (await owner.api.patch(path, {"billing_source": "nobody"})).status == 400
    assert (await guest.api.patch(path, {"registered": True})).status == 404, "the guest is not the owner"
    assert (await owner.api.patch(f"/api/source_invitations/{uuid.uuid4()}", {"registered": True})).status == 404


async def test_the_owner_deletes_and_the_guest_is_told_and_moved_back(gateway: GatewayUnderTest) -> None:
    owner, guest = await gateway.tenant("del-owner"), await gateway.tenant("del-guest")
    invitation = await gateway.guest_of(owner, guest)
    (await guest.api.post("/api/user/active_organisation", {"organisation_id": owner.organisation_id})).ok()
    taps = await gateway.tap()
    assert (await owner.api.delete(f"/api/source_invitations/{invitation['id']}")).status == 204
    await next_matching(
        taps, "gateway.SourceInvitationDeleted", invitation_id=invitation["id"], reason="deleted_by_owner"
    )
    assert (await guest.api.get("/api/user")).ok()["active_organisation_id"] == guest.organisation_id
    token = {"source_invitation_token": invitation["token"]}
    assert (await guest.api.post("/api/source_invitations/accept", token)).status == 404, "the token died with it"
    assert (await owner.api.delete(f"/api/source_invitations/{invitation['id']}")).status == 404


async def test_only_an_admin_of_the_guest_may_leave_and_strangers_get_404(gateway: GatewayUnderTest) -> None:
    owner, guest, stranger = await gateway.tenant("leave-o"), await gateway.tenant("leave-g"), await gateway.tenant("s")
    invitation = await gateway.guest_of(owner, guest)
    path = f"/api/source_invitations/{invitation['id']}"
    guest_operator = await gateway.member(guest, "operator")
    assert (await guest_operator.api.delete(path)).status == 403
    assert (await stranger.api.delete(path)).status == 404
    taps = await gateway.tap()
    assert (await guest.api.delete(path)).status == 204
    await next_matching(taps, "gateway.SourceInvitationDeleted", invitation_id=invitation["id"], reason="left_by_guest")
    assert (await owner.api.get("/api/source_invitations")).ok()["objects"] == []
