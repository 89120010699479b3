"""Access labels of the managing organisation: list (A001) and schema (P04), create (A002), rename (A003),
delete (A004)."""

from __future__ import annotations

import uuid

from tests.integration.gateway.conftest import GatewayUnderTest


async def test_create_list_rename_and_delete(gateway: GatewayUnderTest) -> None:
    owner = await gateway.tenant("labels")
    reply = await owner.api.post("/api/labels", {"text": "  Premier  "})
    label = reply.ok(201)
    assert label["text"] == "Premier" and label["organisation_id"] == owner.organisation_id
    assert reply.headers["Location"] == label["resource_uri"] == f"/api/labels/{label['id']}"
    (await owner.api.post("/api/labels", {"text": "Amateur"})).ok(201)
    listed = (await owner.api.get("/api/labels")).ok()
    assert [item["text"] for item in listed["objects"]] == ["Amateur", "Premier"], "ordered by text"
    assert (await owner.api.get("/api/labels?text__istartswith=prem")).ok()["meta"]["total_count"] == 1
    renamed = (await owner.api.patch(label["resource_uri"], {"text": "Championship"})).ok()
    assert renamed["text"] == "Championship"
    assert (await owner.api.delete(label["resource_uri"])).status == 204
    assert [item["text"] for item in (await owner.api.get("/api/labels")).ok()["objects"]] == ["Amateur"]
    assert (await owner.api.patch(label["resource_uri"], {"text": "Back"})).status == 404


async def test_labels_are_validated(gateway: GatewayUnderTest) -> None:
    owner = await gateway.tenant("valid")
    for body in ({"text": ""}, {"text": "x" * 101}, {"text": "ok", "colour": "red"}):
        reply = await owner.api.post("/api/labels", body)
        assert reply.status == 400, body
    assert (await owner.api.post("/api/labels", {"text": "x" * 101})).body["errors"][0]["parameter"] == "text"
    assert (await owner.api.get("/api/labels?colour=red")).status == 400


async def test_another_organisation_sees_nothing_and_gets_404(gateway: GatewayUnderTest) -> None:
    owner, other = await gateway.tenant("mine"), await gateway.tenant("theirs")
    label = (await owner.api.post("/api/labels", {"text": "Private"})).ok(201)
    assert (await other.api.get("/api/labels")).ok()["objects"] == []
    assert (await other.api.patch(label["resource_uri"], {"text": "Stolen"})).status == 404
    assert (await other.api.delete(label["resource_uri"])).status == 404
    assert (await owner.api.delete(f"/api/labels/{uuid.uuid4()}")).status == 404


async def test_monitors_read_but_do_not_write(gateway: GatewayUnderTest) -> None:
    owner = await gateway.tenant("roles")
    monitor = await gateway.member(owner, "monitor")
    assert (await monitor.api.get("/api/labels")).status == 200
    assert (await monitor.api.post("/api/labels", {"text": "Nope"})).status == 403


async def test_a_label_granted_to_a_guest_cannot_be_deleted(gateway: GatewayUnderTest) -> None:
    owner, guest = await gateway.tenant("granter"), await gateway.tenant("grantee")
    invitation = await gateway.guest_of(owner, guest)
    label = (await owner.api.post("/api/labels", {"text": "Shared"})).ok(201)
    grants = f"/api/source_invitations/{invitation['id']}/labels"
    (await owner.api.post(grants, {"label_id": label["id"]})).ok(201)
    refused = await owner.api.delete(label["resource_uri"])
    assert refused.status == 409 and "granted" in refused.body["detail"]
    assert (await owner.api.delete(f"{grants}/{label['id']}")).status == 204
    assert (await owner.api.delete(label["resource_uri"])).status == 204


async def test_the_schema_describes_fields_filters_and_ordering(gateway: GatewayUnderTest) -> None:
    owner = await gateway.tenant("schema")
    schema = (await owner.api.get("/api/labels/schema/")).ok()
    assert schema["fields"]["text"]["max_length"] == 100 and "icontains" in schema["filtering"]["text"]
    assert "organisation_id" not in schema["filtering"] and schema["default_order"] == "text"
