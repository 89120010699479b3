"""Issue 8, item 1: nobody but the controller of an email address ends up owning its account.

The attack: an attacker's organisation adds the victim's address first and learns the password of the
account it made; the victim's real organisation adds the same address later. Now the real organisation's
invitation cannot be accepted without its code (shown to that organisation and mailed to the address), the
answer to "add user" tells nobody whether the address had an account, and the owner takes the account back
with a reset mailed to the address, which ends the attacker's sessions.
"""

from __future__ import annotations

import re
import uuid
from email.message import EmailMessage

from tests.integration.gateway.conftest import GatewayUnderTest
from tests.support.smtp import Inbox, body_of
from tests.support.waiting import eventually


async def mail_to(inbox: Inbox, address: str, subject: str) -> EmailMessage:
    async def arrived() -> EmailMessage:
        found = [m for m in inbox.to(address) if subject in str(m["Subject"])]
        assert found, f"no mail about {subject!r} to {address} yet"
        return found[-1]

    message: EmailMessage = await eventually(arrived, within=10)
    return message


def reset_token(message: EmailMessage) -> str:
    found = re.search(r'"token": "([^"]+)"', body_of(message))
    assert found is not None
    return found.group(1)


def invitation_code(message: EmailMessage) -> str:
    found = re.search(r'"code": "([^"]+)"', body_of(message))
    assert found is not None
    return found.group(1)


async def test_an_account_made_by_an_attacker_cannot_join_the_owners_organisation(
    gateway: GatewayUnderTest, inbox: Inbox
) -> None:
    attacker, real = await gateway.tenant("attacker"), await gateway.tenant("real")
    victim = f"victim-{uuid.uuid4().hex[:8]}@example.com"
    body = {"email": victim, "permission_type": "admin"}
    planted = (await attacker.api.post("/api/organisation/users", body)).ok(201)
    as_victim = await gateway.api.first_login(victim, planted["password"], "the attacker's choice 1")

    invited = (await real.api.post("/api/organisation/users", body)).ok(201)
    assert set(invited) == set(planted) and "user_id" not in invited and "created" not in invited
    accept = f"/api/organisation_invitations/{invited['invitation_id']}/accept"
    assert (await as_victim.post(accept, {"code": planted["password"]})).status == 404
    switch = await as_victim.post("/api/user/managing_organisation", {"organisation_id": real.organisation_id})
    assert switch.status == 404, "the attacker is no member of the real organisation"

    (await gateway.api.post("/api/password_reset", {"email": victim})).ok(202)
    token = reset_token(await mail_to(inbox, victim, "Reset"))
    reset = {"token": token, "new_password": "the owner's own password"}
    assert (await gateway.api.post("/api/password_reset/confirm", reset)).status == 204
    assert (await as_victim.get("/api/user")).status == 401, "the attacker's session ended"
    assert (
        await gateway.api.post("/api/login", {"email": victim, "password": "the attacker's choice 1"})
    ).status == 401

    owner = await gateway.api.login(victim, "the owner's own password")
    code = invitation_code(await mail_to(inbox, victim, "Invitation to real"))
    assert (await owner.post(accept, {"code": code})).ok()["status"] == "accepted"
    switched = await owner.post("/api/user/managing_organisation", {"organisation_id": real.organisation_id})
    assert switched.ok()["jwt_token"]


async def test_the_answer_to_adding_a_user_does_not_say_whether_they_had_an_account(
    gateway: GatewayUnderTest,
) -> None:
    adder, existing = await gateway.tenant("enumerator"), await gateway.tenant("existing")
    fresh = f"fresh-{uuid.uuid4().hex[:8]}@example.com"
    replies = [await adder.api.post("/api/organisation/users", {"email": e}) for e in (existing.email, fresh)]
    assert [r.status for r in replies] == [201, 201]
    shapes = [{k: type(v).__name__ for k, v in r.body.items()} for r in replies]
    assert shapes[0] == shapes[1] and replies[0].body["status"] == replies[1].body["status"] == "pending"
    members = (await adder.api.get("/api/organisation/users")).ok()["objects"]
    assert [m["id"] for m in members] == [str(adder.user_id)], "neither is a member before answering"


async def test_a_temporary_password_logs_in_only_by_choosing_a_good_one(gateway: GatewayUnderTest) -> None:
    founder = await gateway.tenant("temporary")
    email = f"temp-{uuid.uuid4().hex[:8]}@example.com"
    added = (await founder.api.post("/api/organisation/users", {"email": email})).ok(201)
    weak = {"email": email, "password": added["password"], "new_password": "password1234"}
    refused = await gateway.api.post("/api/login", weak)
    assert refused.status == 400 and refused.body["errors"][0]["parameter"] == "new_password"
    assert (await gateway.api.post("/api/login", {**weak, "new_password": "short"})).status == 400
    joined = await gateway.api.first_login(email, added["password"], "a password of my own")
    assert (await joined.get("/api/user")).ok()["managing_organisation_id"] == founder.organisation_id
    old = await gateway.api.post("/api/login", {"email": email, "password": added["password"]})
    assert old.status == 401, "the temporary password works once"
