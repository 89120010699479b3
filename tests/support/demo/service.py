"""A tiny service built on the spine, for testing the HTTP plumbing, listing and projections."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from aiohttp import web
from pydantic import BaseModel, Field

from common import listing
from common.access.mount import mount
from common.access.rules import Route
from common.access.shorthand import AUTHENTICATED
from common.eventstore import NewEvent, RecordedEvent
from common.http.app import RUNTIME, ServiceSpec
from common.http.bodies import created, json_response, read_model
from common.http.principal import principal_of
from common.http.problems import not_found
from common.projections import Projection, apply_all
from common.settings import ServiceSettings


class CreateItem(BaseModel):
    name: str = Field(min_length=1, max_length=10)
    size: int = Field(ge=0, le=1000)
    flag: bool = False


async def _item_created(conn: Any, schema: str, event: RecordedEvent) -> None:
    await conn.execute(
        f"INSERT INTO {schema}.items (id, name, size, flag, created_at) VALUES ($1, $2, $3, $4, $5)",
        uuid.UUID(event.data["id"]),
        event.data["name"],
        event.data["size"],
        event.data["flag"],
        event.recorded_at,
    )


async def _item_renamed(conn: Any, schema: str, event: RecordedEvent) -> None:
    await conn.execute(
        f"UPDATE {schema}.items SET name = $2, renamed_count = renamed_count + 1 WHERE id = $1",
        uuid.UUID(event.data["id"]),
        event.data["name"],
    )


ITEMS = Projection("items", ["items"], {"ItemCreated": _item_created, "ItemRenamed": _item_renamed})
ITEM_LIST = listing.ListSpec(
    source="{schema}.items",
    fields=[
        listing.Field("id", "uuid"),
        listing.Field("name", "string", max_length=10, help="what it is called"),
        listing.Field("size", "integer"),
        listing.Field("flag", "boolean"),
        listing.Field("created_at", "datetime"),
    ],
)


def _uri(item_id: object) -> str:
    return f"/api/items/{item_id}/"


def _item(row: Any) -> dict[str, Any]:
    return {**dict(row), "resource_uri": _uri(row["id"])}


async def create_item(request: web.Request) -> web.Response:
    body = await read_model(request, CreateItem)
    runtime = request.app[RUNTIME]
    item_id = uuid.uuid4()
    async with runtime.store.transaction() as tx:
        events = await tx.append(
            f"item-{item_id}", 0, [NewEvent("ItemCreated", {"id": str(item_id), **body.model_dump()})]
        )
        await apply_all(tx.conn, runtime.store.schema, [ITEMS], events)
    row = await runtime.pool.fetchrow(f"SELECT * FROM {runtime.store.schema}.items WHERE id = $1", item_id)
    return created(_item(row), _uri(item_id))


async def rename_item(request: web.Request) -> web.Response:
    body = await read_model(request, CreateItem)
    runtime = request.app[RUNTIME]
    item_id = request.match_info["item_id"]
    async with runtime.store.transaction() as tx:
        current = await tx.load(f"item-{item_id}")
        if not current:
            raise not_found("item")
        events = await tx.append(
            f"item-{item_id}", len(current), [NewEvent("ItemRenamed", {"id": item_id, "name": body.name})]
        )
        await apply_all(tx.conn, runtime.store.schema, [ITEMS], events)
    return json_response({"renamed": True})


def _spec_for(request: web.Request) -> listing.ListSpec:
    spec = ITEM_LIST
    return listing.ListSpec(spec.source.format(schema=request.app[RUNTIME].store.schema), spec.fields)


async def list_items(request: web.Request) -> web.Response:
    spec = _spec_for(request)
    query = listing.parse(spec, request.query)
    page = await listing.fetch_page(request.app[RUNTIME].pool, spec, query, request.path, request.query, _item)
    return json_response(page)


async def item_schema(request: web.Request) -> web.Response:
    return json_response(listing.schema_document(ITEM_LIST, "demo items"))


async def whoami(request: web.Request) -> web.Response:
    return json_response(principal_of(request))


async def boom(request: web.Request) -> web.Response:
    raise RuntimeError("kaboom")


CONSTRAINT_VIOLATION = "/event-center/error-types/constraint-violation"
FACADE = Route(
    "demo.facade_create", "K07", "POST", "/event-center-api/v3/items", "demo", "Create an item, Akamai-style",
    (AUTHENTICATED,), request=CreateItem, status=201, constraint_violation_type=CONSTRAINT_VIOLATION,
)  # fmt: skip


def setup_routes(app: web.Application) -> None:
    mount(app, [FACADE], {FACADE.name: create_item})
    app.router.add_get("/api/items/", list_items)
    app.router.add_post("/api/items/", create_item)
    app.router.add_get("/api/items/schema/", item_schema)
    app.router.add_patch("/api/items/{item_id}/", rename_item)
    app.router.add_get("/api/whoami", whoami)
    app.router.add_get("/api/boom", boom)


def demo_spec(settings: ServiceSettings, schema: str) -> ServiceSpec:
    return ServiceSpec(
        name="demo",
        schema=schema,
        migrations=Path(__file__).parent / "migrations",
        settings=settings,
        setup_routes=setup_routes,
    )
