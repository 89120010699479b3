"""Logging in, JWT hygiene, throttling, and creating a first organisation."""

from __future__ import annotations

import time
import uuid

import jwt

from tests.integration.gateway.conftest import GatewayUnderTest


async def test_login_issues_a_jwt_with_kid_issuer_and_expiry(gateway: GatewayUnderTest) -> None:
    me = await gateway.superuser()
    assert me.token is not None
    header = jwt.get_unverified_header(me.token)
    claims = jwt.decode(me.token, options={"verify_signature": False})
    assert header["alg"] == "HS256" and header["kid"]
    assert claims["iss"] == "switchyard" and claims["exp"] > time.time() and claims["sub"]


async def test_wrong_password_and_unknown_account_look_the_same(gateway: GatewayUnderTest) -> None:
    wrong = await gateway.api.post("/api/login", {"email": gateway.superuser_email, "password": "nope"})
    unknown = await gateway.api.post("/api/login", {"email": f"{uuid.uuid4().hex}@example.com", "password": "nope"})
    assert wrong.status == unknown.status == 401
    assert wrong.body["detail"] == unknown.body["detail"]


async def test_failed_logins_are_throttled_per_account_with_retry_after(gateway: GatewayUnderTest) -> None:
    _, email, _ = await gateway.new_user("throttled")
    statuses = [(await gateway.api.post("/api/login", {"email": email, "password": "wrong"})).status for _ in range(4)]
    assert statuses[:3] == [401, 401, 401] and statuses[3] == 429
    blocked = await gateway.api.post("/api/login", {"email": email, "password": "wrong"})
    assert blocked.status == 429 and int(blocked.headers["Retry-After"]) > 0
    ghost = f"ghost-{uuid.uuid4().hex[:6]}@example.com"
    ghost_statuses = [
        (await gateway.api.post("/api/login", {"email": ghost, "password": "x"})).status for _ in range(4)
    ]
    assert ghost_statuses == statuses, "throttling must not reveal whether an account exists"


async def test_tokens_with_alg_none_or_another_key_are_rejected(gateway: GatewayUnderTest) -> None:
    me = await gateway.superuser()
    claims = jwt.decode(me.token or "", options={"verify_signature": False})
    unsigned = jwt.encode(claims, key=None, algorithm="none", headers={"kid": "derived-1"})
    forged = jwt.encode(claims, "another-key-of-sufficient-length-123456", algorithm="HS256",
                        headers={"kid": "derived-1"})  # fmt: skip
    unknown_kid = jwt.encode(claims, "x" * 40, algorithm="HS256", headers={"kid": "elsewhere"})
    expired = jwt.encode({**claims, "exp": int(time.time()) - 10}, "x" * 40, algorithm="HS256")
    for token in (unsigned, forged, unknown_kid, expired, "garbage"):
        reply = await gateway.api.as_(token).get("/api/organisations/1000")
        assert reply.status == 401, (token, reply.body)


async def test_a_new_user_creates_an_organisation_and_becomes_its_admin(gateway: GatewayUnderTest) -> None:
    api, _, user_id = await gateway.new_user("founder")
    reply = await api.post("/api/organisations", {"name": "Founders Ltd"})
    created = reply.ok(201)
    assert reply.headers["Location"] == created["resource_uri"] == f"/api/organisations/{created['id']}"
    assert created["root_user_id"] == str(user_id)
    assert (await api.get(created["resource_uri"])).ok()["name"] == "Founders Ltd"
    second = await api.post("/api/organisations", {"name": "Second Ltd"})
    assert second.status == 409, "only one organisation on free credits at a time"


async def test_organisation_name_limits_are_enforced(gateway: GatewayUnderTest) -> None:
    api, _, _ = await gateway.new_user("limits")
    too_long = await api.post("/api/organisations", {"name": "x" * 151})
    assert too_long.status == 400 and too_long.body["errors"][0]["parameter"] == "name"
    anonymous = await gateway.api.post("/api/organisations", {"name": "Nobody"})
    assert anonymous.status == 401
