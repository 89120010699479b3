"""The signed-in user: details and context (A273), getting started (A274), active organisation (A276),
permissions (A277), and users by id (A278)."""

from __future__ import annotations

import uuid

from tests.integration.gateway.conftest import GatewayUnderTest


async def test_a_member_sees_their_context_and_no_invitation_state(gateway: GatewayUnderTest) -> None:
    founder = await gateway.tenant("details")
    me = (await founder.api.get("/api/user")).ok()
    assert me["id"] == str(founder.user_id) and me["email"] == founder.email
    assert me["managing_organisation_id"] == me["active_organisation_id"] == founder.organisation_id
    assert me["managing_organisation_name"] == "details Ltd" and me["is_member_of_active_org"] is True
    assert me["is_invitation_suspended"] is None and me["resource_uri"] == f"/api/users/{founder.user_id}"


async def test_a_guest_sees_whether_its_invitation_is_suspended(gateway: GatewayUnderTest) -> None:
    owner, guest = await gateway.tenant("owner"), await gateway.tenant("guest")
    invitation = await gateway.guest_of(owner, guest)
    (await guest.api.post("/api/user/active_organisation", {"organisation_id": owner.organisation_id})).ok()
    active = (await guest.api.get("/api/user")).ok()
    assert active["is_invitation_suspended"] is False and active["is_member_of_active_org"] is False
    assert active["active_organisation_name"] == "owner Ltd"
    await owner.api.patch(f"/api/source_invitations/{invitation['id']}", {"registered": False})
    assert (await guest.api.get("/api/user")).ok()["is_invitation_suspended"] is True


async def test_getting_started_is_remembered(gateway: GatewayUnderTest) -> None:
    api, _, _ = await gateway.new_user("starter")
    assert (await api.get("/api/user")).ok()["getting_started_seen"] is False
    assert (await api.post("/api/user/getting_started_seen")).ok()["getting_started_seen"] is True
    assert (await api.get("/api/user")).ok()["getting_started_seen"] is True


async def test_the_active_organisation_details_and_none_without_one(gateway: GatewayUnderTest) -> None:
    founder = await gateway.tenant("active")
    assert (await founder.api.get("/api/user/active_organisation")).ok()["id"] == founder.organisation_id
    loner, _, _ = await gateway.new_user("loner")
    assert (await loner.get("/api/user/active_organisation")).status == 404


async def test_permissions_list_roles_and_memberships(gateway: GatewayUnderTest) -> None:
    founder = await gateway.tenant("perms")
    monitor = await gateway.member(founder, "monitor")
    mine = (await monitor.api.get("/api/user/permissions")).ok()
    assert mine["managing_role"] == "monitor" and mine["is_root"] is False and mine["is_superuser"] is False
    assert [m["organisation_id"] for m in mine["memberships"]] == [founder.organisation_id]
    assert mine["memberships"][0]["invitation_id"]
    assert (await founder.api.get("/api/user/permissions")).ok()["is_root"] is True
    su = (await (await gateway.superuser()).get("/api/user/permissions")).ok()
    assert su["is_superuser"] is True and su["is_member_of_active_org"] is True


async def test_user_details_by_id_for_yourself_or_a_superuser_else_404(gateway: GatewayUnderTest) -> None:
    one, two = await gateway.tenant("one"), await gateway.tenant("two")
    assert (await one.api.get(f"/api/users/{one.user_id}")).ok()["email"] == one.email
    assert (await one.api.get(f"/api/users/{two.user_id}")).status == 404
    assert (await one.api.get(f"/api/users/{uuid.uuid4()}")).status == 404
    assert (await one.api.get("/api/users/not-a-uuid")).status == 404
    superuser = await gateway.superuser()
    assert (await superuser.get(f"/api/users/{two.user_id}")).ok()["email"] == two.email


async def test_anonymous_callers_are_turned_away(gateway: GatewayUnderTest) -> None:
    for path in ("/api/user", "/api/user/permissions", "/api/user/active_organisation"):
        assert (await gateway.api.get(path)).status == 401
