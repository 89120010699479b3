"""The managing organisation's members: add (A170), list (A177), permission (A176), remove (A175), root (A181),
leave (A184)."""

from __future__ import annotations

import uuid

from tests.integration.gateway.conftest import GatewayUnderTest


async def test_adding_a_new_email_invites_it_with_a_temporary_password(gateway: GatewayUnderTest) -> None:
    founder = await gateway.tenant("adder")
    email = f"new-{uuid.uuid4().hex[:8]}@example.com"
    reply = await founder.api.post("/api/organisation/users", {"email": email, "permission_type": "operator"})
    added = reply.ok(201)
    assert added["password"] and added["invitation_id"] and added["status"] == "pending"
    assert reply.headers["Location"] == added["resource_uri"] == f"/api/organisation/invitations/{email}"
    assert (await founder.api.get(added["resource_uri"])).ok()["status"] == "pending"
    refused = await gateway.api.post("/api/login", {"email": email, "password": added["password"]})
    assert refused.status == 400 and refused.body["errors"][0]["parameter"] == "new_password"
    newcomer = await gateway.api.first_login(email, added["password"])
    me = (await newcomer.get("/api/user")).ok()
    assert me["managing_organisation_id"] == founder.organisation_id, "a user without a context gets this one"
    assert (await founder.api.get(added["resource_uri"])).ok()["status"] == "accepted"
    again = await founder.api.post("/api/organisation/users", {"email": email.upper(), "permission_type": "admin"})
    assert again.status == 409


async def test_adding_an_existing_user_invites_them_and_keeps_their_context(gateway: GatewayUnderTest) -> None:
    founder, other = await gateway.tenant("host"), await gateway.tenant("visitor")
    added = (await founder.api.post("/api/organisation/users", {"email": other.email})).ok(201)
    assert added == {**added, "status": "pending", "permission_type": "monitor"} and added["password"]
    members = (await founder.api.get("/api/organisation/users")).ok()["objects"]
    assert str(other.user_id) not in [m["id"] for m in members], "not a member before answering"
    path = f"/api/organisation_invitations/{added['invitation_id']}/accept"
    assert (await other.api.post(path, {"code": "not-the-code"})).status == 404
    accepted = (await other.api.post(path, {"code": added["password"]})).ok()
    assert accepted["status"] == "accepted" and accepted["organisation_id"] == founder.organisation_id
    assert (await other.api.get("/api/user")).ok()["managing_organisation_id"] == other.organisation_id


async def test_adding_validates_the_body_and_needs_an_admin(gateway: GatewayUnderTest) -> None:
    founder = await gateway.tenant("strict")
    bad = await founder.api.post("/api/organisation/users", {"email": "not-an-email", "permission_type": "root"})
    assert bad.status == 400
    assert {e["parameter"] for e in bad.body["errors"]} == {"email", "permission_type"}
    operator = await gateway.member(founder, "operator")
    assert (await operator.api.post("/api/organisation/users", {"email": "x@example.com"})).status == 403


async def test_admins_list_everyone_other_members_only_themselves(gateway: GatewayUnderTest) -> None:
    founder = await gateway.tenant("listing")
    monitor = await gateway.member(founder, "monitor")
    everyone = (await founder.api.get("/api/organisation/users?order_by=created_at")).ok()
    assert [m["id"] for m in everyone["objects"]] == [str(founder.user_id), str(monitor.user_id)]
    assert everyone["objects"][0]["is_root"] is True and everyone["meta"]["total_count"] == 2
    only_me = (await monitor.api.get("/api/organisation/users")).ok()
    assert [m["email"] for m in only_me["objects"]] == [monitor.email]
    filtered = (await founder.api.get("/api/organisation/users?permission_type=monitor")).ok()
    assert [m["id"] for m in filtered["objects"]] == [str(monitor.user_id)]
    assert (await founder.api.get("/api/organisation/users?password=x")).status == 400


async def test_changing_and_removing_a_permission(gateway: GatewayUnderTest) -> None:
    founder = await gateway.tenant("perm")
    member = await gateway.member(founder, "monitor")
    path = f"/api/organisation/users/{member.user_id}"
    changed = (await founder.api.patch(path, {"permission_type": "admin"})).ok()
    assert changed["permission_type"] == "admin" and changed["enabled"] is True
    assert (await member.api.get("/api/user/permissions")).ok()["managing_role"] == "admin"
    missing = await founder.api.patch(path, {"enabled": True})
    assert missing.status == 400 and missing.body["errors"][0]["parameter"] == "permission_type"
    assert (await founder.api.patch(path, {"permission_type": "boss"})).status == 400
    removed = (await founder.api.patch(path, {"enabled": False})).ok()
    assert removed["enabled"] is False and removed["permission_type"] is None
    me = (await member.api.get("/api/user")).ok()
    assert me["managing_organisation_id"] is None, "the only membership is gone, so is the context"
    assert (await founder.api.patch(path, {"permission_type": "admin"})).status == 404


async def test_removing_a_member_deletes_a_user_with_no_other_membership(gateway: GatewayUnderTest) -> None:
    founder = await gateway.tenant("remover")
    lone = await gateway.member(founder, "monitor")
    assert (await founder.api.delete(f"/api/organisation/users/{lone.user_id}")).status == 204
    assert (await lone.api.get("/api/user")).status == 401, "the user record was deleted"
    superuser = await gateway.superuser()
    assert (await superuser.get(f"/api/users/{lone.user_id}")).status == 404


async def test_removing_a_member_with_other_memberships_keeps_the_user(gateway: GatewayUnderTest) -> None:
    founder, elsewhere = await gateway.tenant("keeper"), await gateway.tenant("elsewhere")
    await gateway.joined(founder, elsewhere)
    assert (await founder.api.delete(f"/api/organisation/users/{elsewhere.user_id}")).status == 204
    me = (await elsewhere.api.get("/api/user")).ok()
    assert me["managing_organisation_id"] == elsewhere.organisation_id
    assert (await founder.api.delete(f"/api/organisation/users/{elsewhere.user_id}")).status == 404


async def test_the_root_cannot_be_removed_and_hands_root_over_first(gateway: GatewayUnderTest) -> None:
    founder = await gateway.tenant("rooted")
    admin = await gateway.member(founder, "admin")
    assert (await admin.api.delete(f"/api/organisation/users/{founder.user_id}")).status == 409
    assert (await admin.api.post("/api/organisation/root_user", {"user_id": str(admin.user_id)})).status == 403
    outsider = await gateway.tenant("outsider")
    not_member = await founder.api.post("/api/organisation/root_user", {"user_id": str(outsider.user_id)})
    assert not_member.status == 400 and not_member.body["errors"][0]["parameter"] == "user_id"
    handed = (await founder.api.post("/api/organisation/root_user", {"user_id": str(admin.user_id)})).ok()
    assert handed["root_user_id"] == str(admin.user_id)
    assert (await admin.api.get("/api/user/permissions")).ok()["is_root"] is True


async def test_leaving_the_managing_organisation(gateway: GatewayUnderTest) -> None:
    founder = await gateway.tenant("left")
    assert (await founder.api.post("/api/organisation/leave")).status == 409, "the root must hand over first"
    member = await gateway.member(founder, "operator")
    (await member.api.post("/api/organisations", {"name": "Own Ltd"})).ok(201)
    assert (await member.api.get("/api/user")).ok()["managing_organisation_id"] == founder.organisation_id
    assert (await member.api.post("/api/organisation/leave")).status == 204
    me = (await member.api.get("/api/user")).ok()
    assert me["managing_organisation_id"] != founder.organisation_id and me["managing_organisation_name"] == "Own Ltd"
    assert me["active_organisation_id"] == me["managing_organisation_id"]
    everyone = (await founder.api.get("/api/organisation/users")).ok()
    assert [m["id"] for m in everyone["objects"]] == [str(founder.user_id)]
