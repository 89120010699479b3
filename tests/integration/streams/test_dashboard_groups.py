"""Dashboard groups through the streams service (A040–A043): the seed's fields and limits, one name per
organisation, other tenants' groups unseen."""

from __future__ import annotations

import uuid

from tests.integration.streams.conftest import GROUPS, StreamsUnderTest
from tests.support.service_under_test import member_of, new_organisation


async def test_a_group_is_created_listed_updated_and_deleted(streams: StreamsUnderTest) -> None:
    operator = member_of(new_organisation(), "operator")
    reply = await streams.call(operator, "POST", GROUPS, {"name": "  Europe  ", "group_type": "mv"})
    group = reply.ok(201)
    assert reply.headers["Location"] == group["resource_uri"] == f"{GROUPS}/{group['id']}"
    assert (group["name"], group["group_type"], group["organisation_id"]) == (
        "Europe", "mv", operator.managing_organisation_id
    )  # fmt: skip
    assert [g["id"] for g in (await streams.call(operator, "GET", GROUPS)).ok()["objects"]] == [group["id"]]
    changed = (await streams.call(operator, "PATCH", group["resource_uri"], {"name": "Asia"})).ok()
    assert (changed["name"], changed["group_type"], changed["created_at"]) == ("Asia", "mv", group["created_at"])
    assert (await streams.call(operator, "DELETE", group["resource_uri"])).status == 204
    assert await streams.names(operator) == []
    assert (await streams.call(operator, "DELETE", group["resource_uri"])).status == 404


async def test_the_list_pages_filters_and_orders_like_every_list(streams: StreamsUnderTest) -> None:
    admin = member_of(new_organisation())
    for name, group_type in (("b", "source"), ("a", "destination"), ("c", "source")):
        await streams.create(admin, name, group_type)
    assert await streams.names(admin) == ["a", "b", "c"]
    assert await streams.names(admin, "?group_type=source&order_by=-name") == ["c", "b"]
    page = (await streams.call(admin, "GET", f"{GROUPS}?limit=1&offset=1")).ok()
    assert page["meta"]["total_count"] == 3 and [g["name"] for g in page["objects"]] == ["b"]
    schema = (await streams.call(admin, "GET", f"{GROUPS}/schema/")).ok()
    assert {"id", "name", "group_type", "organisation_id", "created_at"} <= set(schema["fields"])


async def test_a_name_is_taken_in_any_spelling_within_the_organisation_only(streams: StreamsUnderTest) -> None:
    admin, elsewhere = member_of(new_organisation()), member_of(new_organisation())
    await streams.create(admin, "Europe North")
    for spelling in ("europe north", " EUROPE  NORTH ", "Ｅｕｒｏｐｅ North"):
        reply = await streams.call(admin, "POST", GROUPS, {"name": spelling, "group_type": "source"})
        assert reply.status == 409, reply.body
    await streams.create(elsewhere, "Europe North")
    other = await streams.create(admin, "Asia")
    assert (await streams.call(admin, "PATCH", f"{GROUPS}/{other}", {"name": "europe north"})).status == 409


async def test_bad_input_is_a_400_naming_the_field(streams: StreamsUnderTest) -> None:
    admin = member_of(new_organisation())
    group_id = await streams.create(admin, "Europe")
    cases = [
        ("POST", GROUPS, {"name": "x", "group_type": "satellite"}, "group_type"),
        ("POST", GROUPS, {"name": "   ", "group_type": "source"}, "name"),
        ("POST", GROUPS, {"name": "x" * 101, "group_type": "source"}, "name"),
        ("POST", GROUPS, {"group_type": "source"}, "name"),
        ("POST", GROUPS, {"name": "x", "group_type": "source", "colour": "red"}, "colour"),
        ("PATCH", f"{GROUPS}/{group_id}", {"group_type": "MV"}, "group_type"),
        ("PATCH", f"{GROUPS}/{group_id}", {}, "body"),
    ]
    for method, path, body, field in cases:
        reply = await streams.call(admin, method, path, body)
        assert reply.status == 400, (body, reply.body)
        assert reply.headers["Content-Type"].startswith("application/problem+json")
        assert field in [error["parameter"] for error in reply.body["errors"]], (body, reply.body)
    assert await streams.names(admin) == ["Europe"]


async def test_another_tenants_group_or_an_unknown_one_is_not_found(streams: StreamsUnderTest) -> None:
    owner, stranger = member_of(new_organisation()), member_of(new_organisation())
    group_id = await streams.create(owner, "Europe")
    for target in (group_id, str(uuid.uuid4()), "not-a-uuid"):
        assert (await streams.call(stranger, "PATCH", f"{GROUPS}/{target}", {"name": "Mine"})).status == 404
        assert (await streams.call(stranger, "DELETE", f"{GROUPS}/{target}")).status == 404
    assert await streams.names(stranger) == []
    assert await streams.names(owner) == ["Europe"]


async def test_a_monitor_lists_but_may_not_write(streams: StreamsUnderTest) -> None:
    organisation_id = new_organisation()
    await streams.create(member_of(organisation_id), "Europe")
    monitor = member_of(organisation_id, "monitor")
    assert await streams.names(monitor) == ["Europe"]
    reply = await streams.call(monitor, "POST", GROUPS, {"name": "Asia", "group_type": "source"})
    assert reply.status == 403
