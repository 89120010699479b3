"""Passwords, their hashes, token secrets and invitation tokens never reach events, replays, messages or logs."""

from __future__ import annotations

import asyncio
import logging
import uuid

import pytest
from aio_pika.abc import AbstractQueue

from gateway.adapters.invitation_tokens import digest
from tests.integration.gateway.conftest import GatewayUnderTest
from tests.integration.gateway.messages import next_matching


async def _make_secrets(gateway: GatewayUnderTest) -> dict[str, str]:
    owner, guest = await gateway.tenant("secretive"), await gateway.tenant("curious")
    email, once = f"secret-{uuid.uuid4().hex[:8]}@example.com", {"Idempotency-Key": uuid.uuid4().hex}
    added = (await owner.api.post("/api/organisation/users", {"email": email}, headers=once)).ok(201)
    newcomer = await gateway.api.first_login(email, added["password"])
    sql = "SELECT password_hash FROM gateway.user_credentials WHERE user_id = $1"
    password_hash = await gateway.pool.fetchval(sql, uuid.UUID(await newcomer.user_id()))
    secret = (await owner.api.post("/api/organisation/token", headers={"Idempotency-Key": "t"})).ok(201)["secret"]
    body = {"destination_temporary_name": "Curious"}
    invitation = (await owner.api.post("/api/source_invitations", body, headers={"Idempotency-Key": "i"})).ok(201)
    token = invitation["source_invitation_token"]
    (await guest.api.post("/api/source_invitations/accept", {"source_invitation_token": token})).ok()
    return {"password": added["password"], "password hash": password_hash, "token secret": secret, "token": token}


async def _published_since(taps: AbstractQueue) -> str:
    """Everything the gateway published since the tap opened, once the last accept has gone out."""
    await next_matching(taps, "gateway.SourceInvitationAccepted")
    await asyncio.sleep(0.5)
    bodies = []
    while (message := await taps.get(fail=False, no_ack=True)) is not None:
        bodies.append(message.body.decode())
    return "\n".join(bodies)


async def test_no_secret_is_stored_published_or_logged(
    gateway: GatewayUnderTest, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    taps = await gateway.tap()
    secrets = await _make_secrets(gateway)
    messages = await _published_since(taps)
    events = "\n".join(
        f"{r['data']} {r['metadata']}" for r in await gateway.pool.fetch("SELECT data, metadata FROM gateway.events")
    )
    replays = await gateway.pool.fetch("SELECT key, status, body FROM gateway.idempotency_keys")
    replayed = "\n".join(bytes(r["body"] or b"").decode(errors="replace") for r in replays)
    captured = capfd.readouterr()
    logs = "\n".join([captured.out, captured.err, caplog.text])
    assert caplog.records, "the log capture must see the requests, or this test proves nothing"
    for name, value in secrets.items():
        for place, text in (("events", events), ("replays", replayed), ("messages", messages), ("logs", logs)):
            assert value not in text, f"the {name} leaked into {place}"
    stored = await gateway.pool.fetchval(
        "SELECT count(*) FROM gateway.source_invitation_tokens WHERE token_hash = $1", digest(secrets["token"])
    )
    assert stored == 1, "the invitation token is kept as its digest"
