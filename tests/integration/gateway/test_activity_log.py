"""The activity log (A005): the managing organisation's integration events, newest first, and its schema."""

from __future__ import annotations

from typing import Any

from tests.integration.gateway.conftest import GatewayUnderTest, Tenant
from tests.support.waiting import eventually


async def _types(tenant: Tenant, expected: int) -> list[dict[str, Any]]:
    async def logged() -> list[dict[str, Any]]:
        page = (await tenant.api.get("/api/activity_log")).ok()
        assert page["meta"]["total_count"] >= expected, page
        return list(page["objects"])

    return list(await eventually(logged, within=15))


async def test_what_happens_in_an_organisation_shows_up_in_its_log_only(gateway: GatewayUnderTest) -> None:
    owner, other = await gateway.tenant("logged"), await gateway.tenant("unrelated")
    member = await gateway.member(owner, "monitor")
    (await owner.api.post("/api/labels", {"text": "Logged"})).ok(201)
    entries = await _types(owner, 4)
    assert [e["type"] for e in entries][:2] == ["gateway.LabelCreated", "gateway.UserJoinedOrganisation"]
    joined = entries[1]
    assert joined["resource_type"] == "user" and joined["resource_id"] == str(member.user_id)
    assert (
        joined["actor_user_id"] == str(member.user_id)  # who joined by choosing their password (A170 invites)
        and joined["resource_uri"] == f"/api/activity_log?id={joined['id']}"
    )
    assert {e["type"] for e in await _types(other, 2)} == {
        "gateway.OrganisationCreated",
        "gateway.UserJoinedOrganisation",
    }
    filtered = (await owner.api.get("/api/activity_log?type=gateway.LabelCreated")).ok()
    assert [e["resource_type"] for e in filtered["objects"]] == ["label"]


async def test_the_activity_schema(gateway: GatewayUnderTest) -> None:
    owner = await gateway.tenant("activity-schema")
    schema = (await owner.api.get("/api/activity_log/schema/")).ok()
    assert schema["default_order"] == "-occurred_at" and "occurred_at" in schema["ordering"]
    loner, _, _ = await gateway.new_user("nolog")
    assert (await loner.get("/api/activity_log")).status == 403
