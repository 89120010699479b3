"""SRT output passwords never reach events, replayed answers, messages, logs or error bodies."""

from __future__ import annotations

import asyncio
import logging
import uuid

import pytest

from common.bus.topology import COMMANDS, EVENTS
from tests.integration.streams.conftest import StreamsUnderTest
from tests.support.bus import tap
from tests.support.service_under_test import member_of, new_organisation


async def test_no_password_is_stored_in_the_log_published_or_logged(
    streams: StreamsUnderTest, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    channel = await streams.runtime.connection.channel()
    taps = [await tap(channel, exchange, "#") for exchange in (EVENTS, COMMANDS)]
    admin = member_of(new_organisation())
    outputs = f"/api/customer_environment/{await streams.environment(admin.managing_organisation_id)}/outputs"
    first, second, refused, short = (f"pw-{uuid.uuid4().hex[:20]}" for _ in range(4))
    body = {"id": "a", "encryption_type": 1, "password": first}
    created = (await streams.call(admin, "POST", f"{outputs}/srt_listener", body)).ok(201)
    changed = (await streams.call(admin, "PATCH", f"{outputs}/srt_listener/a", {"password": second})).ok()
    caller = {"id": "b", "host": "h", "port": 9000, "encryption_type": 0, "password": refused}
    error = await streams.call(admin, "POST", f"{outputs}/srt_caller", caller)
    too_short = await streams.call(admin, "POST", f"{outputs}/srt_caller", {**caller, "password": short[:9]})
    assert (error.status, too_short.status) == (400, 400)
    listed = (await streams.call(admin, "GET", outputs)).ok()
    await asyncio.sleep(1)

    pool = streams.runtime.pool
    kept = await pool.fetchval(
        "SELECT password FROM streams.output_passwords WHERE organisation_id = $1", admin.managing_organisation_id
    )
    assert kept == second
    events = "\n".join(
        f"{r['data']} {r['metadata']}" for r in await pool.fetch("SELECT data, metadata FROM streams.events")
    )
    projected = "\n".join(str(r) for r in await pool.fetch("SELECT * FROM streams.outputs"))
    messages = []
    for queue in taps:
        while (message := await queue.get(fail=False, no_ack=True)) is not None:
            messages.append(message.body.decode())
        await queue.delete()  # an exclusive queue outlives its channel: left bound to "#", it takes every message
    await channel.close()
    captured = capfd.readouterr()
    logs = "\n".join([captured.out, captured.err, caplog.text])
    assert caplog.records, "the log capture must see the requests, or this test proves nothing"
    answers = f"{created} {changed} {listed} {error.body} {too_short.body}"
    for secret in (first, second, refused, short[:9]):
        places = (("events", events), ("projections", projected), ("messages", "\n".join(messages)), ("logs", logs),
                  ("answers", answers))  # fmt: skip
        for place, text in places:
            assert secret not in text, f"a password leaked into {place}"
