"""The cloud catalogue: providers (A023), regions (A026), instance types (A025)."""

from __future__ import annotations

from aiohttp import web

from common.http.app import RUNTIME
from common.http.bodies import json_response
from common.http.problems import not_found
from environments.context import SCHEMA
from environments.entrypoints.http.views import instance_type_view, provider_view, region_view


async def providers(request: web.Request) -> web.Response:
    rows = await request.app[RUNTIME].pool.fetch(f"SELECT id, name FROM {SCHEMA}.cloud_providers ORDER BY id")
    objects = [provider_view(r) for r in rows]
    return json_response({"meta": {"total_count": len(objects)}, "objects": objects})


async def regions(request: web.Request) -> web.Response:
    provider = request.match_info["provider"]
    rows = await request.app[RUNTIME].pool.fetch(
        f"SELECT * FROM {SCHEMA}.regions WHERE cloud_provider = $1 ORDER BY id", provider
    )
    if not rows:
        raise not_found("cloud provider")
    objects = [region_view(r) for r in rows]
    return json_response({"meta": {"total_count": len(objects)}, "objects": objects})


async def instance_types(request: web.Request) -> web.Response:
    provider, region = request.match_info["provider"], request.match_info["region"]
    rows = await request.app[RUNTIME].pool.fetch(
        f"SELECT * FROM {SCHEMA}.instance_types WHERE cloud_provider = $1 AND region = $2 ORDER BY vcpus, id",
        provider, region,
    )  # fmt: skip
    if not rows:
        raise not_found("region")
    objects = [instance_type_view(r) for r in rows]
    return json_response({"meta": {"total_count": len(objects)}, "objects": objects})


HANDLERS = {"cloud.providers": providers, "cloud.regions": regions, "cloud.instance_types": instance_types}
