"""Changing a password (current one required) and resetting it by mail: single-use, short-lived tokens, and
every other session ends at once, even one the principal cache holds."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from common.errors import Conflict, Invalid
from gateway.service_layer.accounts import bootstrap_superuser, register_user
from tests.integration.gateway.conftest import GatewayUnderTest
from tests.integration.gateway.test_hardening_accounts import mail_to, reset_token
from tests.support.smtp import Inbox


async def signed_up(gateway: GatewayUnderTest) -> tuple[str, str]:
    email, password = f"pw-{uuid.uuid4().hex[:8]}@example.com", "my first password"
    await register_user(gateway.units, email, password)
    return email, password


async def test_changing_needs_the_current_password_and_ends_other_sessions(gateway: GatewayUnderTest) -> None:
    email, password = await signed_up(gateway)
    here, elsewhere = await gateway.api.login(email, password), await gateway.api.login(email, password)
    assert (await elsewhere.get("/api/user")).status == 200, "the principal cache now holds this user"
    wrong = await here.post("/api/user/password", {"current_password": "not it at all", "new_password": "x" * 20})
    assert wrong.status == 400 and wrong.body["errors"][0]["parameter"] == "current_password"
    change = {"current_password": password, "new_password": "my second password"}
    renewed = here.as_((await here.post("/api/user/password", change)).ok()["jwt_token"])
    assert (await elsewhere.get("/api/user")).status == 401
    assert (await here.get("/api/user")).status == 401, "the token used to change it ended too"
    assert (await renewed.get("/api/user")).status == 200
    assert (await gateway.api.post("/api/login", {"email": email, "password": password})).status == 401
    await gateway.api.login(email, "my second password")


async def test_a_new_password_must_pass_the_policy(gateway: GatewayUnderTest) -> None:
    email, password = await signed_up(gateway)
    api = await gateway.api.login(email, password)
    for weak in ("short", "password1234", email.split("@")[0] + "-secret-1"):
        reply = await api.post("/api/user/password", {"current_password": password, "new_password": weak})
        assert reply.status == 400 and reply.body["errors"][0]["parameter"] == "new_password", weak


async def test_a_reset_link_works_once(gateway: GatewayUnderTest, inbox: Inbox) -> None:
    email, password = await signed_up(gateway)
    session = await gateway.api.login(email, password)
    (await gateway.api.post("/api/password_reset", {"email": email.upper()})).ok(202)
    message = await mail_to(inbox, email, "Reset")
    assert message["To"] == email, "the mail goes to the account's own address, not the spelling asked for"
    body = {"token": reset_token(message), "new_password": "a reset password"}
    assert (await gateway.api.post("/api/password_reset/confirm", body)).status == 204
    assert (await session.get("/api/user")).status == 401
    again = await gateway.api.post("/api/password_reset/confirm", {**body, "new_password": "another one again"})
    assert again.status == 400 and again.body["errors"][0]["parameter"] == "token"
    await gateway.api.login(email, "a reset password")


async def test_an_expired_reset_link_does_not_work(gateway: GatewayUnderTest, inbox: Inbox) -> None:
    email, _ = await signed_up(gateway)
    (await gateway.api.post("/api/password_reset", {"email": email})).ok(202)
    token = reset_token(await mail_to(inbox, email, "Reset"))
    await gateway.pool.execute("UPDATE gateway.password_resets SET expires_at = now() - interval '1 second'")
    reply = await gateway.api.post("/api/password_reset/confirm", {"token": token, "new_password": "too late now"})
    assert reply.status == 400


async def test_many_reset_requests_at_once_mail_one_link(gateway: GatewayUnderTest, inbox: Inbox) -> None:
    """At most one mail a minute to an address holds when the requests race, so nobody can mail-bomb it."""
    email, _ = await signed_up(gateway)
    answers = await asyncio.gather(*(gateway.api.post("/api/password_reset", {"email": email}) for _ in range(12)))
    assert {answer.status for answer in answers} == {202}
    await mail_to(inbox, email, "Reset")
    issued = await gateway.pool.fetchval(
        "SELECT count(*) FROM gateway.password_resets r JOIN gateway.users u ON u.id = r.user_id WHERE u.email = $1",
        email,
    )
    assert issued == 1


async def test_a_reset_answers_the_same_for_an_unknown_address(gateway: GatewayUnderTest) -> None:
    email, _ = await signed_up(gateway)
    known = await gateway.api.post("/api/password_reset", {"email": email})
    unknown = await gateway.api.post("/api/password_reset", {"email": f"nobody-{uuid.uuid4().hex}@example.com"})
    assert (known.status, known.body) == (unknown.status, unknown.body) == (202, known.body)


async def test_a_reset_lets_the_owner_past_a_lock(gateway: GatewayUnderTest, inbox: Inbox) -> None:
    email, password = await signed_up(gateway)
    for _ in range(4):
        await gateway.api.post("/api/login", {"email": email, "password": "guessing wrong"})
    assert (await gateway.api.post("/api/login", {"email": email, "password": password})).status == 429
    (await gateway.api.post("/api/password_reset", {"email": email})).ok(202)
    body = {"token": reset_token(await mail_to(inbox, email, "Reset")), "new_password": "after the lock"}
    assert (await gateway.api.post("/api/password_reset/confirm", body)).status == 204
    await gateway.api.login(email, "after the lock")


async def test_bootstrap_admin_never_takes_over_an_ordinary_account(gateway: GatewayUnderTest) -> None:
    email, password = await signed_up(gateway)
    with pytest.raises(Conflict):
        await bootstrap_superuser(gateway.units, email, "the admin's password")
    await gateway.api.login(email, password)


async def test_bootstrap_admin_passwords_pass_the_policy_and_end_sessions(gateway: GatewayUnderTest) -> None:
    email = f"boot-{uuid.uuid4().hex[:8]}@example.com"
    with pytest.raises(Invalid):
        await bootstrap_superuser(gateway.units, email, "password1234")
    await bootstrap_superuser(gateway.units, email, "first admin password")
    session = await gateway.api.login(email, "first admin password")
    await bootstrap_superuser(gateway.units, email, "second admin password")
    assert (await session.get("/api/user")).status == 401
    await gateway.api.login(email, "second admin password")
