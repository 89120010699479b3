"""The gateway's projections rebuilt from its events equal the live tables kept in step with the appends."""

from __future__ import annotations

from gateway.adapters.projections import PROJECTIONS
from tests.integration.gateway.conftest import GatewayUnderTest
from tests.support.rebuild import drift_at_rest


async def _busy_day(gateway: GatewayUnderTest) -> None:
    owner, guest = await gateway.tenant("rebuild-owner"), await gateway.tenant("rebuild-guest")
    member = await gateway.member(owner, "operator")
    await owner.api.patch(f"/api/organisation/users/{member.user_id}", {"permission_type": "admin"})
    invitation = await gateway.guest_of(owner, guest)
    path = f"/api/source_invitations/{invitation['id']}"
    label = (await owner.api.post("/api/labels", {"text": "Rebuilt"})).ok(201)
    (await owner.api.patch(label["resource_uri"], {"text": "Rebuilt again"})).ok()
    (await owner.api.post(f"{path}/labels", {"label_id": label["id"]})).ok(201)
    (await owner.api.post(f"{path}/inputs", {"input_id": "cam-9"})).ok(201)
    (await owner.api.patch(path, {"show_all_events": True})).ok()
    (
        await owner.api.put(f"/api/source_invitations/{invitation['token']}/max_destinations", {"max_destinations": 3})
    ).ok()
    (await guest.api.post("/api/user/getting_started_seen")).ok()
    assert (await member.api.post("/api/organisation/leave")).status == 204
    superuser = await gateway.superuser()
    assert (await superuser.delete(f"/api/organisations/{guest.organisation_id}")).status == 204


async def test_rebuilt_projections_equal_the_live_ones(gateway: GatewayUnderTest) -> None:
    await _busy_day(gateway)
    drift = await drift_at_rest(gateway.pool, "gateway", "gateway_rebuild_test", PROJECTIONS)
    assert drift and not any(drift.values()), drift
    assert set(drift) >= {"users", "memberships", "source_invitations", "source_invitation_labels", "labels"}
