"""Slack webhooks never reach events, replayed answers, messages, logs or error bodies."""

from __future__ import annotations

import asyncio
import logging
import uuid

import pytest

from common.bus.topology import COMMANDS, EVENTS
from tests.integration.alerts.conftest import METHODS, AlertsUnderTest, webhook
from tests.support.bus import tap
from tests.support.service_under_test import member_of, new_organisation


async def test_no_webhook_is_stored_published_or_logged(
    alerts: AlertsUnderTest, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    channel = await alerts.runtime.connection.channel()
    taps = [await tap(channel, exchange, "#") for exchange in (EVENTS, COMMANDS)]
    admin, first, second, refused = member_of(new_organisation()), webhook(), webhook(), webhook()
    once = {"Idempotency-Key": uuid.uuid4().hex}
    body = {"name": "Slack", "alert_type": "slack", "notification_parameters": [first]}
    method = (await alerts.call(admin, "POST", METHODS, body, headers=once)).ok(201)
    again = {"notification_parameters": [second]}
    (await alerts.call(admin, "PATCH", method["resource_uri"], again, headers={"Idempotency-Key": "u"})).ok()
    bad = {**body, "alert_type": "email", "notification_parameters": [refused]}
    error = await alerts.call(admin, "POST", METHODS, bad, headers={"Idempotency-Key": "e"})
    assert error.status == 400
    listed = (await alerts.call(admin, "GET", METHODS)).ok()
    await alerts.delete_organisation(admin.managing_organisation_id or 0)
    await asyncio.sleep(1)

    pool = alerts.runtime.pool
    events = "\n".join(
        f"{r['data']} {r['metadata']}" for r in await pool.fetch("SELECT data, metadata FROM alerts.events")
    )
    replays = await pool.fetch("SELECT body FROM alerts.idempotency_keys")
    replayed = "\n".join(bytes(r["body"] or b"").decode(errors="replace") for r in replays)
    messages = []
    for queue in taps:
        while (message := await queue.get(fail=False, no_ack=True)) is not None:
            messages.append(message.body.decode())
        await queue.delete()  # an exclusive queue outlives its channel: left bound to "#", it takes every message
    await channel.close()
    captured = capfd.readouterr()
    logs = "\n".join([captured.out, captured.err, caplog.text])
    assert caplog.records, "the log capture must see the requests, or this test proves nothing"
    answers = f"{method} {listed} {error.body}"
    for hook in (first, second, refused):
        secret = hook.rsplit("/", 1)[1]
        places = (("events", events), ("replays", replayed), ("messages", "\n".join(messages)), ("logs", logs),
                  ("answers", answers))  # fmt: skip
        for place, text in places:
            assert secret not in text, f"a webhook leaked into {place}"
