"""Staff work on organisations and users: update details (A188), delete an organisation (A134), delete a user
(A138)."""

from __future__ import annotations

from tests.integration.gateway.conftest import GatewayUnderTest
from tests.integration.gateway.messages import next_matching


async def test_staff_update_details_within_the_seed_limits(gateway: GatewayUnderTest) -> None:
    founder = await gateway.tenant("details")
    superuser, path = await gateway.superuser(), f"/api/organisations/{founder.organisation_id}"
    assert (await founder.api.patch(path, {"name": "Mine"})).status == 403
    updated = (
        await superuser.patch(path, {"name": "Renamed", "currency": "gbp", "purchase_order_number": "PO-1"})
    ).ok()
    assert (updated["name"], updated["currency"], updated["purchase_order_number"]) == ("Renamed", "gbp", "PO-1")
    cleared = (await superuser.patch(path, {"purchase_order_number": None})).ok()
    assert cleared["purchase_order_number"] is None and cleared["name"] == "Renamed"
    for field, value in (("name", "ab"), ("currency", "chf"), ("purchase_order_number", "x" * 101)):
        bad = await superuser.patch(path, {field: value})
        assert bad.status == 400 and bad.body["errors"][0]["parameter"] == field
    assert (await superuser.patch("/api/organisations/999999", {"name": "Ghost"})).status == 404


async def test_deleting_an_organisation_moves_its_people_and_tells_the_platform(gateway: GatewayUnderTest) -> None:
    doomed, guest = await gateway.tenant("doomed"), await gateway.tenant("watcher")
    member = await gateway.member(doomed, "operator")
    (await member.api.post("/api/organisations", {"name": "Fallback Ltd"})).ok(201)
    await gateway.guest_of(doomed, guest)
    (await guest.api.post("/api/user/active_organisation", {"organisation_id": doomed.organisation_id})).ok()
    taps, superuser = await gateway.tap(), await gateway.superuser()
    assert (await doomed.api.delete(f"/api/organisations/{doomed.organisation_id}")).status == 403
    assert (await superuser.delete(f"/api/organisations/{doomed.organisation_id}")).status == 204
    await next_matching(taps, "gateway.OrganisationDeleted", organisation_id=doomed.organisation_id)
    await next_matching(taps, "gateway.SourceInvitationDeleted", reason="organisation_deleted")
    assert (await superuser.get(f"/api/organisations/{doomed.organisation_id}")).status == 404
    assert (await member.api.get("/api/user")).ok()["managing_organisation_name"] == "Fallback Ltd"
    assert (await doomed.api.get("/api/user")).ok()["managing_organisation_id"] is None
    watcher = (await guest.api.get("/api/user")).ok()
    assert watcher["active_organisation_id"] == guest.organisation_id
    assert (await guest.api.get("/api/organisations/guest_of")).ok()["objects"] == []
    assert (await superuser.delete(f"/api/organisations/{doomed.organisation_id}")).status == 404


async def test_a_deleted_user_can_neither_log_in_nor_use_an_old_token(gateway: GatewayUnderTest) -> None:
    founder = await gateway.tenant("owner")
    email = "gone-" + founder.email
    added = (await founder.api.post("/api/organisation/users", {"email": email, "permission_type": "admin"})).ok(201)
    doomed = await gateway.api.first_login(email, added["password"])
    doomed_id = await doomed.user_id()
    superuser = await gateway.superuser()
    assert (await superuser.delete(f"/api/users/{doomed_id}")).status == 204
    assert (await doomed.get("/api/user")).status == 401
    assert (await gateway.api.post("/api/login", {"email": email, "password": added["password"]})).status == 401
    organisation = (await founder.api.get(f"/api/organisations/{founder.organisation_id}")).ok()
    assert organisation["root_user_id"] == str(founder.user_id)
    members = (await founder.api.get("/api/organisation/users")).ok()["objects"]
    assert [m["id"] for m in members] == [str(founder.user_id)]
    assert (await superuser.delete(f"/api/users/{doomed_id}")).status == 404


async def test_deleting_the_root_hands_root_to_the_earliest_remaining_admin(gateway: GatewayUnderTest) -> None:
    founder = await gateway.tenant("rooted")
    operator = await gateway.member(founder, "operator", prefix="op")
    first_admin = await gateway.member(founder, "admin", prefix="first")
    await gateway.member(founder, "admin", prefix="second")
    superuser = await gateway.superuser()
    assert (await superuser.delete(f"/api/users/{founder.user_id}")).status == 204
    organisation = (await superuser.get(f"/api/organisations/{founder.organisation_id}")).ok()
    assert organisation["root_user_id"] == str(first_admin.user_id) != str(operator.user_id)
    assert (await first_admin.api.get("/api/user/permissions")).ok()["is_root"] is True


async def test_a_root_with_no_other_admin_is_not_deleted(gateway: GatewayUnderTest) -> None:
    founder = await gateway.tenant("rootless")
    monitor = await gateway.member(founder, "monitor")
    superuser = await gateway.superuser()
    refused = await superuser.delete(f"/api/users/{founder.user_id}")
    assert refused.status == 409 and str(founder.organisation_id) in refused.body["detail"]
    organisation = (await superuser.get(f"/api/organisations/{founder.organisation_id}")).ok()
    assert organisation["root_user_id"] == str(founder.user_id)
    assert (await founder.api.get("/api/user")).ok()["id"] == str(founder.user_id)
    assert (await superuser.delete(f"/api/users/{monitor.user_id}")).status == 204


async def test_only_superusers_delete_users_and_not_themselves(gateway: GatewayUnderTest) -> None:
    founder = await gateway.tenant("self")
    assert (await founder.api.delete(f"/api/users/{founder.user_id}")).status == 403
    superuser = await gateway.superuser()
    me = (await superuser.get("/api/user")).ok()
    assert (await superuser.delete(f"/api/users/{me['id']}")).status == 409
