"""Lists of organisations: those I can manage (A139), the dropdown (A178), those I am a guest of (A180)."""

from __future__ import annotations

from tests.integration.gateway.conftest import GatewayUnderTest


async def test_members_list_their_memberships_and_staff_every_organisation(gateway: GatewayUnderTest) -> None:
    first, second = await gateway.tenant("alpha"), await gateway.tenant("beta")
    await gateway.joined(second, first, "operator")
    mine = (await first.api.get("/api/organisations/manageable?order_by=id")).ok()
    assert [(o["id"], o["permission_type"]) for o in mine["objects"]] == [
        (first.organisation_id, "admin"),
        (second.organisation_id, "operator"),
    ]
    assert mine["objects"][0]["is_root"] is True and mine["objects"][1]["is_root"] is False
    assert mine["objects"][0]["resource_uri"] == f"/api/organisations/{first.organisation_id}"
    superuser = await gateway.superuser()
    everything = (await superuser.get("/api/organisations/manageable?is_member=false&limit=500")).ok()
    assert {first.organisation_id, second.organisation_id} <= {o["id"] for o in everything["objects"]}
    assert everything["meta"]["total_count"] >= 2
    assert (await superuser.get("/api/organisations/manageable?name__icontains=alpha")).ok()["objects"]
    assert (await first.api.get("/api/organisations/manageable?limit=0")).status == 400


async def test_the_dropdown_puts_the_managing_organisation_first_then_guests(gateway: GatewayUnderTest) -> None:
    guest, zed, abc = await gateway.tenant("guest"), await gateway.tenant("zed"), await gateway.tenant("abc")
    await gateway.guest_of(zed, guest)
    await gateway.guest_of(abc, guest)
    dropdown = (await guest.api.get("/api/organisations/dropdown")).ok()["objects"]
    assert [(o["id"], o["relation"]) for o in dropdown] == [
        (guest.organisation_id, "managing"),
        (abc.organisation_id, "guest"),
        (zed.organisation_id, "guest"),
    ]
    loner, _, _ = await gateway.new_user("loner")
    assert (await loner.get("/api/organisations/dropdown")).ok()["objects"] == []


async def test_organisations_i_am_a_guest_of_with_their_permissions(gateway: GatewayUnderTest) -> None:
    owner, guest, other = await gateway.tenant("src"), await gateway.tenant("dst"), await gateway.tenant("nosy")
    invitation = await gateway.guest_of(owner, guest)
    objects = (await guest.api.get("/api/organisations/guest_of")).ok()["objects"]
    assert [(o["id"], o["invitation_id"], o["registered"]) for o in objects] == [
        (owner.organisation_id, invitation["id"], True)
    ]
    assert objects[0]["shared_contacts"] == [] and objects[0]["global_max_destinations"] == 1
    assert (await owner.api.get("/api/organisations/guest_of")).ok()["objects"] == []
    assert (await other.api.get("/api/organisations/guest_of")).ok()["objects"] == []
    loner, _, _ = await gateway.new_user("nobody")
    assert (await loner.get("/api/organisations/guest_of")).status == 403
