"""A023, A025, A026: the cloud catalogue lists follow the platform's list conventions (P01-P04) like every other."""

from __future__ import annotations

import uuid

from common.http.principal import Principal
from tests.integration.environments.conftest import EnvironmentsUnderTest, new_organisation

META = {"limit", "next", "offset", "previous", "total_count"}
REGIONS = "/api/cloud_providers/aws/regions"
SIZES = "/api/cloud_providers/aws/regions/eu-west-2/instance_types"


async def test_each_catalogue_list_pages_filters_orders_and_has_a_schema(environments: EnvironmentsUnderTest) -> None:
    admin = environments.admin_of(new_organisation())
    for path in ("/api/cloud_providers", REGIONS, SIZES):
        page = (await environments.call(admin, "GET", f"{path}?limit=1")).ok()
        assert set(page["meta"]) == META and page["meta"]["limit"] == 1 and len(page["objects"]) == 1
        assert page["meta"]["total_count"] > 1 and page["meta"]["next"].startswith(f"{path}?")
        schema = (await environments.call(admin, "GET", f"{path}/schema/")).ok()
        assert {"id", "name"} <= set(schema["fields"]) and "name" in schema["filtering"], schema


async def test_filters_and_ordering_narrow_and_sort_the_catalogue(environments: EnvironmentsUnderTest) -> None:
    admin = environments.admin_of(new_organisation())
    london = (await environments.call(admin, "GET", f"{REGIONS}?name__icontains=lond")).ok()["objects"]
    assert [r["id"] for r in london] == ["eu-west-2"]
    sizes = (await environments.call(admin, "GET", f"{SIZES}?order_by=-vcpus&vcpus__gte=4")).ok()["objects"]
    assert [s["vcpus"] for s in sizes] == sorted((s["vcpus"] for s in sizes), reverse=True) and sizes
    assert all(s["vcpus"] >= 4 for s in sizes)
    unknown = await environments.call(admin, "GET", f"{REGIONS}?colour=red")
    assert unknown.status == 400 and unknown.body["errors"][0]["parameter"] == "colour"


async def test_unknown_providers_and_regions_are_404_even_when_filtered_to_nothing(
    environments: EnvironmentsUnderTest,
) -> None:
    admin = environments.admin_of(new_organisation())
    assert (await environments.call(admin, "GET", "/api/cloud_providers/nowhere/regions")).status == 404
    assert (
        await environments.call(admin, "GET", "/api/cloud_providers/aws/regions/mars-1/instance_types")
    ).status == 404
    empty = (await environments.call(admin, "GET", f"{REGIONS}?name=Atlantis")).ok()
    assert empty["objects"] == [] and empty["meta"]["total_count"] == 0


async def test_instance_types_need_a_managing_organisation_even_for_a_superuser(
    environments: EnvironmentsUnderTest,
) -> None:
    superuser = Principal(kind="user", user_id=uuid.uuid4(), is_superuser=True)
    reply = await environments.call(superuser, "GET", SIZES)
    assert reply.status == 404 and "managing organisation" in reply.body["detail"]
    assert (await environments.call(superuser, "GET", REGIONS)).status == 200
