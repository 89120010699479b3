"""The cloud catalogue, as paged lists with their schemas: providers (A023), regions (A026), instance types (A025)."""

from __future__ import annotations

from aiohttp import web

from common.http.app import RUNTIME
from common.http.lists import page, schema_handler
from common.http.problems import not_found
from common.listing import Field, ListSpec
from environments.context import SCHEMA
from environments.entrypoints.http.access import managing_organisation
from environments.entrypoints.http.views import instance_type_view, provider_view, region_view

PROVIDERS = ListSpec(
    source=f"{SCHEMA}.cloud_providers",
    fields=[Field("id", max_length=64, help="the provider's slug, as a path takes it"), Field("name")],
    default_order="id",
)
REGIONS = ListSpec(
    source=f"{SCHEMA}.regions",
    fields=[
        Field("id", max_length=64, help="the region's slug, as a path takes it"),
        Field("cloud_provider", filterable=False, orderable=False),
        Field("name"),
        Field("latitude", "float"),
        Field("longitude", "float"),
    ],
    default_order="id",
)
INSTANCE_TYPES = ListSpec(
    source=f"{SCHEMA}.instance_types",
    fields=[
        Field("id", max_length=64),
        Field("cloud_provider", filterable=False, orderable=False),
        Field("region", filterable=False, orderable=False),
        Field("name"),
        Field("vcpus", "integer"),
        Field("memory_gb", "float"),
        Field("max_outputs", "integer", help="how many outputs an environment of this size carries"),
        Field("bandwidth_mbps", "integer"),
    ],
    default_order="vcpus,id",
)


PROVIDER_EXISTS = f"SELECT true FROM {SCHEMA}.cloud_providers WHERE id = $1"
REGION_EXISTS = f"SELECT true FROM {SCHEMA}.regions WHERE cloud_provider = $1 AND id = $2"


async def _exists(request: web.Request, what: str, sql: str, *key: str) -> None:
    """A list of nothing in particular would read as empty; a provider or region we do not know is a 404."""
    if not await request.app[RUNTIME].pool.fetchval(sql, *key):
        raise not_found(what)


async def providers(request: web.Request) -> web.Response:
    return await page(request, PROVIDERS, provider_view)


async def regions(request: web.Request) -> web.Response:
    provider = request.match_info["provider"]
    await _exists(request, "cloud provider", PROVIDER_EXISTS, provider)
    return await page(request, REGIONS, region_view, ["cloud_provider = $1"], [provider])


async def instance_types(request: web.Request) -> web.Response:
    managing_organisation(request)
    provider, region = request.match_info["provider"], request.match_info["region"]
    await _exists(request, "region", REGION_EXISTS, provider, region)
    where = ["cloud_provider = $1", "region = $2"]
    return await page(request, INSTANCE_TYPES, instance_type_view, where, [provider, region])


HANDLERS = {
    "cloud.providers": providers,
    "cloud.providers_schema": schema_handler(PROVIDERS, "Supported cloud providers"),
    "cloud.regions": regions,
    "cloud.regions_schema": schema_handler(REGIONS, "Regions of a cloud provider, with their coordinates"),
    "cloud.instance_types": instance_types,
    "cloud.instance_types_schema": schema_handler(INSTANCE_TYPES, "Instance types in a region, with their capacity"),
}
