"""Issue 8, items 2 and 3: the root keeps its permission, and the free-credit rule holds under concurrency."""

from __future__ import annotations

import asyncio

from tests.integration.gateway.conftest import GatewayUnderTest


async def test_an_admin_cannot_demote_the_root(gateway: GatewayUnderTest) -> None:
    founder = await gateway.tenant("demoted")
    admin = await gateway.member(founder, "admin")
    demoted = await admin.api.patch(f"/api/organisation/users/{founder.user_id}", {"permission_type": "monitor"})
    assert demoted.status == 403, demoted.body
    assert (await founder.api.get("/api/user/permissions")).ok()["managing_role"] == "admin"


async def test_the_root_cannot_demote_themselves_but_a_superuser_can(gateway: GatewayUnderTest) -> None:
    founder = await gateway.tenant("self-demoted")
    path = f"/api/organisation/users/{founder.user_id}"
    assert (await founder.api.patch(path, {"permission_type": "operator"})).status == 403
    superuser = await gateway.superuser()
    switched = await superuser.post("/api/user/managing_organisation", {"organisation_id": founder.organisation_id})
    (await superuser.as_(switched.ok()["jwt_token"]).patch(path, {"permission_type": "operator"})).ok()


async def test_after_a_root_transfer_the_former_root_can_be_demoted(gateway: GatewayUnderTest) -> None:
    founder = await gateway.tenant("handed")
    admin = await gateway.member(founder, "admin")
    (await founder.api.post("/api/organisation/root_user", {"user_id": str(admin.user_id)})).ok()
    demoted = await admin.api.patch(f"/api/organisation/users/{founder.user_id}", {"permission_type": "monitor"})
    assert demoted.ok()["permission_type"] == "monitor"


async def test_parallel_creations_leave_one_organisation_on_free_credits(gateway: GatewayUnderTest) -> None:
    api, _, _ = await gateway.new_user("racer")
    replies = await asyncio.gather(*(api.post("/api/organisations", {"name": f"Race {i}"}) for i in range(20)))
    assert sorted(r.status for r in replies) == [201] + [409] * 19, [r.body for r in replies if r.status != 409]
