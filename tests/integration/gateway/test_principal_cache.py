"""Principals are cached, yet a permission change applies at once: in this replica at commit, and from another
replica (a store this gateway does not share) within the log watcher's poll."""

from __future__ import annotations

from common.eventstore import PostgresEventStore
from gateway.adapters.units import PostgresUnits
from gateway.context import SCHEMA
from gateway.service_layer.members import update_permission
from tests.integration.gateway.conftest import GatewayUnderTest
from tests.support.waiting import eventually


async def role_of(api: object) -> str:
    return str((await api.get("/api/user/permissions")).ok()["managing_role"])  # type: ignore[attr-defined]


async def test_a_change_through_this_gateway_applies_to_the_next_request(gateway: GatewayUnderTest) -> None:
    owner = await gateway.tenant("cached")
    member = await gateway.member(owner, "operator")
    assert await role_of(member.api) == "operator"
    patched = await owner.api.patch(f"/api/organisation/users/{member.user_id}", {"permission_type": "monitor"})
    patched.ok()
    assert await role_of(member.api) == "monitor"


async def test_a_change_committed_by_another_replica_reaches_the_cache(gateway: GatewayUnderTest) -> None:
    owner = await gateway.tenant("replicas")
    member = await gateway.member(owner, "operator")
    assert await role_of(member.api) == "operator"
    elsewhere = PostgresUnits(PostgresEventStore(gateway.pool, SCHEMA))  # not wired to this gateway's cache
    await update_permission(elsewhere, owner.organisation_id, member.user_id, "monitor", enabled=True)

    async def demoted() -> None:
        assert await role_of(member.api) == "monitor"

    await eventually(demoted, within=5, every=0.05)
