"""Every collection of the platform, driven through the gateway: its schema/ describes the objects it lists."""

from __future__ import annotations

from typing import Any

import pytest

from common.access import Route
from common.access.rules import decide
from switchyard.contracts import ROUTES
from tests.integration.access.cast import Member, World

COLLECTIONS = [route for route in ROUTES if route.paged]


def real_path(world: World, path: str) -> str:
    values = {"environment_id": world.environment_a, "provider": "local", "region": "local-1",
              "alert_id": "00000000-0000-0000-0000-000000000009", "input_id": "in-1", "output_id": "out-1"}  # fmt: skip
    return path.format(**values)


def properties(schema: Any) -> set[str]:
    """Every property name anywhere in a JSON schema (a union's members included)."""
    if isinstance(schema, dict):
        own = set(schema.get("properties", {}))
        return own.union(*(properties(value) for value in schema.values()))
    if isinstance(schema, list):
        return set().union(*(properties(value) for value in schema))
    return set()


def reader(world: World, collection: Route) -> Member:
    """Organisation A's admin, or the first of the cast the collection admits (staff-only collections)."""
    cast = [world["a_admin"], *world.members.values()]
    return next(m for m in cast if decide(collection, m.principal) == "allow")


@pytest.mark.parametrize("collection", COLLECTIONS, ids=lambda r: r.name)
async def test_a_collections_schema_names_only_fields_of_its_objects(world: World, collection: Route) -> None:
    assert collection.list_of is not None
    path, member = real_path(world, collection.path), reader(world, collection)
    schema = (await member.api.get(f"{path.rstrip('/')}/schema/")).ok()
    own_filters = {name for name in schema["filtering"] if "__" not in name}  # not a related row's field
    described = set(schema["fields"]) | own_filters | set(schema["ordering"])
    listed = properties(collection.list_of.model_json_schema(mode="serialization"))
    assert described and described <= listed, described - listed
    page = (await member.api.get(path)).ok()
    assert set(page["meta"]) == {"limit", "next", "offset", "previous", "total_count"}
