"""I01: an admin creates or rotates the organisation's secret, shown once; generated tokens act as an operator."""

from __future__ import annotations

import time

from gateway.adapters.tokens import generated_token
from gateway.config import GatewaySettings
from tests.integration.gateway.conftest import GatewayUnderTest


async def test_the_secret_is_shown_once_and_rotation_replaces_it(gateway: GatewayUnderTest) -> None:
    owner = await gateway.tenant("tokens")
    reply = await owner.api.post("/api/organisation/token")
    first = reply.ok(201)
    assert len(first["secret"]) == 32 and first["organisation_id"] == owner.organisation_id
    assert reply.headers["Location"] == first["resource_uri"] == "/api/organisation/token"
    behind = (await owner.api.get(reply.headers["Location"])).ok()
    assert behind == {k: v for k, v in first.items() if k != "secret"}, "the Location answers, without the secret"
    second = (await owner.api.post("/api/organisation/token")).ok(201)
    assert second["secret"] != first["secret"]
    stale = generated_token(owner.organisation_id, first["secret"], int(time.time()))
    refused = await gateway.api.as_(stale).get(f"/api/labels?organizationId={owner.organisation_id}")
    assert refused.status == 401 and "signature" in refused.body["detail"]


async def test_a_fresh_generated_token_works_as_an_operator(gateway: GatewayUnderTest) -> None:
    owner = await gateway.tenant("generated")
    (await owner.api.post("/api/labels", {"text": "Via token"})).ok(201)
    secret = (await owner.api.post("/api/organisation/token")).ok(201)["secret"]
    token = gateway.api.as_(generated_token(owner.organisation_id, secret, int(time.time())))
    query = f"?organizationId={owner.organisation_id}"
    labels = (await token.get(f"/api/labels{query}")).ok()
    assert [label["text"] for label in labels["objects"]] == ["Via token"]
    by_header = await token.get("/api/labels", headers={"X-Organization-Id": str(owner.organisation_id)})
    assert by_header.ok()["meta"]["total_count"] == 1
    assert (await token.post(f"/api/labels{query}", {"text": "Operators may"})).status == 201
    assert (await token.post(f"/api/organisation/token{query}")).status == 403, "operators cannot rotate"
    assert (await token.get(f"/api/organisation/users{query}")).ok()["objects"] == [], "a token is nobody"
    assert (await token.get(f"/api/user{query}")).status == 403


async def test_a_token_outside_the_tolerance_window_is_refused_saying_so(
    gateway: GatewayUnderTest, gateway_settings: GatewaySettings
) -> None:
    owner = await gateway.tenant("window")
    secret = (await owner.api.post("/api/organisation/token")).ok(201)["secret"]
    tolerance = gateway_settings.generated_token_tolerance_seconds
    for skew in (-2 * tolerance, 2 * tolerance):
        token = generated_token(owner.organisation_id, secret, int(time.time()) + skew)
        reply = await gateway.api.as_(token).get(f"/api/labels?organizationId={owner.organisation_id}")
        assert reply.status == 401 and "outside the accepted window" in reply.body["detail"]


async def test_only_admins_rotate_and_another_organisation_s_secret_does_not_sign(gateway: GatewayUnderTest) -> None:
    owner, other = await gateway.tenant("rot-a"), await gateway.tenant("rot-b")
    operator = await gateway.member(owner, "operator")
    assert (await operator.api.post("/api/organisation/token")).status == 403
    assert (await operator.api.get("/api/organisation/token")).status == 403
    assert (await owner.api.get("/api/organisation/token")).status == 404, "no secret yet"
    secret = (await other.api.post("/api/organisation/token")).ok(201)["secret"]
    forged = generated_token(owner.organisation_id, secret, int(time.time()))
    assert (await gateway.api.as_(forged).get(f"/api/labels?organizationId={owner.organisation_id}")).status == 401


async def test_an_organization_id_that_names_no_organisation_is_a_401(gateway: GatewayUnderTest) -> None:
    token = gateway.api.as_(generated_token(1000, "s" * 32, int(time.time())))
    for raw in ("9999999999", "%C2%B2", "%D9%A3", "-1"):
        reply = await token.get(f"/api/labels?organizationId={raw}")
        assert reply.status == 401 and "organizationId" in reply.body["detail"], (raw, reply.body)
