"""Switching context, each with a fresh JWT: managing (A140), active (A187) and environment (A115)."""

from __future__ import annotations

import uuid

import jwt

from tests.integration.gateway.conftest import GatewayUnderTest
from tests.support.api import Reply


def claims(reply: Reply) -> dict[str, object]:
    body = reply.ok()
    assert body["token_type"] == "Bearer" and body["expires_in"] > 0
    return dict(jwt.decode(body["jwt_token"], options={"verify_signature": False}))


async def test_members_switch_managing_which_resets_active_and_environment(gateway: GatewayUnderTest) -> None:
    first, second, stranger = await gateway.tenant("m1"), await gateway.tenant("m2"), await gateway.tenant("m3")
    await gateway.joined(second, first)
    switched = claims(
        await first.api.post("/api/user/managing_organisation", {"organisation_id": second.organisation_id})
    )
    assert switched["org"] == switched["active_org"] == second.organisation_id and switched["active_env"] is None
    me = (await first.api.get("/api/user")).ok()
    assert me["managing_organisation_id"] == me["active_organisation_id"] == second.organisation_id
    refused = await first.api.post("/api/user/managing_organisation", {"organisation_id": stranger.organisation_id})
    assert refused.status == 404
    bad = await first.api.post("/api/user/managing_organisation", {"organisation_id": "x"})
    assert bad.status == 400 and bad.body["errors"][0]["parameter"] == "organisation_id"


async def test_staff_may_manage_any_organisation(gateway: GatewayUnderTest) -> None:
    tenant, superuser = await gateway.tenant("any"), await gateway.superuser()
    switched = claims(
        await superuser.post("/api/user/managing_organisation", {"organisation_id": tenant.organisation_id})
    )
    assert switched["org"] == tenant.organisation_id
    labels = await superuser.get("/api/labels")
    assert labels.ok()["meta"]["total_count"] == 0
    assert (await superuser.post("/api/user/managing_organisation", {"organisation_id": 2**31 - 1})).status == 404


async def test_switching_active_to_own_guest_or_forbidden_organisations(gateway: GatewayUnderTest) -> None:
    owner, guest, stranger = await gateway.tenant("a1"), await gateway.tenant("a2"), await gateway.tenant("a3")
    await gateway.guest_of(owner, guest)
    as_guest = await guest.api.post("/api/user/active_organisation", {"organisation_id": owner.organisation_id})
    assert as_guest.ok()["is_member_of_active_org"] is False and claims(as_guest)["active_org"] == owner.organisation_id
    assert (await guest.api.get("/api/user/permissions")).ok()["active_role"] is None
    back = await guest.api.post("/api/user/active_organisation", {"organisation_id": guest.organisation_id})
    assert back.ok()["is_member_of_active_org"] is True
    refused = await guest.api.post("/api/user/active_organisation", {"organisation_id": stranger.organisation_id})
    assert refused.status == 404
    superuser = await gateway.superuser()
    su = await superuser.post("/api/user/active_organisation", {"organisation_id": stranger.organisation_id})
    assert su.ok()["is_member_of_active_org"] is True


async def test_switching_environment_for_members_registered_guests_and_superusers(gateway: GatewayUnderTest) -> None:
    owner, guest, stranger = await gateway.tenant("e1"), await gateway.tenant("e2"), await gateway.tenant("e3")
    environment_id = await gateway.environment(owner.organisation_id)
    body = {"environment_id": str(environment_id)}
    mine = claims(await owner.api.post("/api/user/active_environment", body))
    assert mine["active_env"] == str(environment_id) and mine["active_org"] == owner.organisation_id
    assert (await stranger.api.post("/api/user/active_environment", body)).status == 404
    invitation = await gateway.guest_of(owner, guest)
    as_guest = claims(await guest.api.post("/api/user/active_environment", body))
    assert as_guest["active_org"] == owner.organisation_id and as_guest["org"] == guest.organisation_id
    await owner.api.patch(f"/api/source_invitations/{invitation['id']}", {"registered": False})
    assert (await guest.api.post("/api/user/active_environment", body)).status == 404
    superuser = await gateway.superuser()
    assert claims(await superuser.post("/api/user/active_environment", body))["active_env"] == str(environment_id)
    unknown = await owner.api.post("/api/user/active_environment", {"environment_id": str(uuid.uuid4())})
    assert unknown.status == 404
