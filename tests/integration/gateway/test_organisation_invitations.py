"""Email invitations: removed by an admin of the organisation (A182), declined by the invitee (A183)."""

from __future__ import annotations

import uuid

from tests.integration.gateway.conftest import GatewayUnderTest
from tests.support.api import Api


async def _invitation_of(api: Api, organisation_id: int) -> str:
    memberships = (await api.get("/api/user/permissions")).ok()["memberships"]
    return str(next(m["invitation_id"] for m in memberships if m["organisation_id"] == organisation_id))


async def test_an_admin_removes_an_invitation_by_email_and_the_membership_with_it(gateway: GatewayUnderTest) -> None:
    founder, invitee = await gateway.tenant("inviter"), await gateway.tenant("invitee")
    await gateway.joined(founder, invitee, "operator")
    assert (await founder.api.delete(f"/api/organisation/invitations/{invitee.email.upper()}")).status == 204
    manageable = (await invitee.api.get("/api/organisations/manageable")).ok()
    assert [o["id"] for o in manageable["objects"]] == [invitee.organisation_id]
    assert (await founder.api.delete(f"/api/organisation/invitations/{invitee.email}")).status == 404


async def test_only_admins_of_the_organisation_remove_invitations(gateway: GatewayUnderTest) -> None:
    founder, other = await gateway.tenant("guarded"), await gateway.tenant("stranger")
    monitor = await gateway.member(founder, "monitor")
    assert (await monitor.api.delete(f"/api/organisation/invitations/{monitor.email}")).status == 403
    assert (await other.api.delete(f"/api/organisation/invitations/{monitor.email}")).status == 404


async def test_the_invitee_declines_and_moves_to_another_organisation(gateway: GatewayUnderTest) -> None:
    first, second = await gateway.tenant("first"), await gateway.tenant("second")
    invitee = await gateway.member(first, "operator")
    await gateway.joined(second, invitee)
    invitation_id = await _invitation_of(invitee.api, first.organisation_id)
    assert (await first.api.post(f"/api/organisation_invitations/{invitation_id}/decline")).status == 404
    assert (await invitee.api.post(f"/api/organisation_invitations/{invitation_id}/decline")).status == 204
    me = (await invitee.api.get("/api/user")).ok()
    assert me["managing_organisation_id"] == me["active_organisation_id"] == second.organisation_id
    assert (await invitee.api.post(f"/api/organisation_invitations/{invitation_id}/decline")).status == 404
    assert (await invitee.api.post(f"/api/organisation_invitations/{uuid.uuid4()}/decline")).status == 404
