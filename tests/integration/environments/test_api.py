"""The environments API: validation, illegal transitions, the catalogue, lists, and rebuildable projections."""

from __future__ import annotations

from environments.adapters.projections import PROJECTIONS
from tests.integration.environments.conftest import EnvironmentsUnderTest, new_organisation
from tests.support.rebuild import drift_at_rest


async def test_bad_input_is_a_problem_naming_the_field(environments: EnvironmentsUnderTest) -> None:
    admin = environments.admin_of(new_organisation())
    too_long = await environments.call(admin, "POST", "/api/customer_environment", {"name": "x" * 256})
    assert too_long.status == 400 and too_long.body["errors"][0]["parameter"] == "name"
    nowhere = await environments.call(admin, "POST", "/api/customer_environment", {"name": "a", "region": "mars-1"})
    assert nowhere.status == 400 and nowhere.body["errors"][0]["parameter"] == "region"
    unknown = await environments.call(admin, "POST", "/api/customer_environment", {"name": "a", "colour": "red"})
    assert unknown.status == 400 and unknown.body["errors"][0]["parameter"] == "colour"


async def test_an_illegal_request_is_409_naming_the_current_state(environments: EnvironmentsUnderTest) -> None:
    admin = environments.admin_of(new_organisation())
    environment_id = await environments.create(admin)
    await environments.wait_for(admin, environment_id, "running")
    again = await environments.call(admin, "POST", f"/api/customer_environment/{environment_id}/start")
    assert again.status == 409 and "running" in again.body["detail"]
    await environments.call(admin, "DELETE", f"/api/customer_environment/{environment_id}")
    await environments.wait_for(admin, environment_id, "deleted")
    for action in ("start", "stop", "restart", "quick_update"):
        reply = await environments.call(admin, "POST", f"/api/customer_environment/{environment_id}/{action}")
        assert reply.status == 409 and "deleted" in reply.body["detail"], (action, reply.body)
    assert (await environments.call(admin, "DELETE", f"/api/customer_environment/{environment_id}")).status == 409


async def test_the_catalogue_has_regions_with_coordinates_and_sized_instance_types(
    environments: EnvironmentsUnderTest,
) -> None:
    admin = environments.admin_of(new_organisation())
    providers = (await environments.call(admin, "GET", "/api/cloud_providers")).ok()["objects"]
    assert {"aws", "gcp", "azure", "local"} <= {p["id"] for p in providers}
    regions = (await environments.call(admin, "GET", "/api/cloud_providers/aws/regions")).ok()["objects"]
    london = next(r for r in regions if r["id"] == "eu-west-2")
    assert round(london["latitude"]) == 52 and round(london["longitude"]) == 0
    sizes = (await environments.call(admin, "GET", "/api/cloud_providers/aws/regions/eu-west-2/instance_types")).ok()
    assert all(s["max_outputs"] > 0 and s["bandwidth_mbps"] > 0 for s in sizes["objects"])
    assert (await environments.call(admin, "GET", "/api/cloud_providers/nowhere/regions")).status == 404


async def test_status_and_running_lists_are_scoped_to_the_active_organisation(
    environments: EnvironmentsUnderTest,
) -> None:
    mine, theirs = environments.admin_of(new_organisation()), environments.admin_of(new_organisation())
    environment_id = await environments.create(mine, "visible")
    other = await environments.create(theirs, "hidden")
    await environments.wait_for(mine, environment_id, "running")
    running = (await environments.call(mine, "GET", "/api/customer_environments/running")).ok()
    assert [e["id"] for e in running["objects"]] == [environment_id]
    status = (await environments.call(mine, "GET", "/api/status/customer_environment/?name=visible")).ok()
    assert status["meta"]["total_count"] == 1 and status["objects"][0]["state"] == "running"
    assert (await environments.call(mine, "GET", f"/api/status/customer_environment/{other}/")).status == 404
    schema = (await environments.call(mine, "GET", "/api/status/customer_environment/schema/")).ok()
    assert "cpu_percent" in schema["fields"] and "name" in schema["filtering"]
    for admin, target in ((mine, environment_id), (theirs, other)):
        await environments.call(admin, "DELETE", f"/api/customer_environment/{target}")
        await environments.wait_for(admin, target, "deleted")


async def test_rebuilt_projections_equal_the_live_ones(environments: EnvironmentsUnderTest) -> None:
    runtime = environments.runtime
    drift = await drift_at_rest(runtime.pool, runtime.store.schema, "environments_rebuild_check", PROJECTIONS)
    assert drift == {"environments": 0, "environment_history": 0, "agent_commands": 0}
