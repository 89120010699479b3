"""The cloud catalogue: providers (A023), regions (A026), instance types (A025)."""

from __future__ import annotations

from aiohttp import web

from common.http.app import RUNTIME
from common.http.bodies import json_response
from common.http.problems import not_found
from environments.context import SCHEMA


async def providers(request: web.Request) -> web.Response:
    rows = await request.app[RUNTIME].pool.fetch(f"SELECT id, name FROM {SCHEMA}.cloud_providers ORDER BY id")
    objects = [{**dict(r), "resource_uri": f"/api/cloud_providers/{r['id']}/regions"} for r in rows]
    return json_response({"meta": {"total_count": len(objects)}, "objects": objects})


async def regions(request: web.Request) -> web.Response:
    provider = request.match_info["provider"]
    rows = await request.app[RUNTIME].pool.fetch(
        f"SELECT * FROM {SCHEMA}.regions WHERE cloud_provider = $1 ORDER BY id", provider
    )
    if not rows:
        raise not_found("cloud provider")
    objects = [
        {**dict(r), "resource_uri": f"/api/cloud_providers/{provider}/regions/{r['id']}/instance_types"} for r in rows
    ]
    return json_response({"meta": {"total_count": len(objects)}, "objects": objects})


async def instance_types(request: web.Request) -> web.Response:
    provider, region = request.match_info["provider"], request.match_info["region"]
    rows = await request.app[RUNTIME].pool.fetch(
        f"SELECT * FROM {SCHEMA}.instance_types WHERE cloud_provider = $1 AND region = $2 ORDER BY vcpus, id",
        provider, region,
    )  # fmt: skip
    if not rows:
        raise not_found("region")
    base = f"/api/cloud_providers/{provider}/regions/{region}/instance_types"
    objects = [{**dict(r), "resource_uri": f"{base}#{r['id']}"} for r in rows]
    return json_response({"meta": {"total_count": len(objects)}, "objects": objects})


HANDLERS = {"cloud.providers": providers, "cloud.regions": regions, "cloud.instance_types": instance_types}
