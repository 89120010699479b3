"""Output credentials (SRT passwords, RTMP stream keys) never reach events, answers, messages, logs or error bodies;
the agent of the output's environment, and only it, reads them."""

from __future__ import annotations

import asyncio
import logging
import uuid

import pytest

from common.bus.topology import COMMANDS, EVENTS
from common.http.principal import Principal
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
    first, second, refused, short, key, bad_key = (f"pw-{uuid.uuid4().hex[:20]}" for _ in range(6))
    body = {"id": "a", "encryption_type": 1, "password": first}
    created = (await streams.call(admin, "POST", f"{outputs}/srt_listener", body)).ok(201)
    changed = (await streams.call(admin, "PATCH", f"{outputs}/srt_listener/a", {"password": second})).ok()
    caller = {"id": "b", "host": "h", "port": 9000, "encryption_type": 0, "password": refused}
    error = await streams.call(admin, "POST", f"{outputs}/srt_caller", caller)
    too_short = await streams.call(admin, "POST", f"{outputs}/srt_caller", {**caller, "password": short[:9]})
    assert (error.status, too_short.status) == (400, 400)
    rtmp = {"id": "r", "url": f"rtmp://live.example/app/{key}"}
    streamed = (await streams.call(admin, "POST", f"{outputs}/rtmp", rtmp)).ok(201)
    invalid = await streams.call(admin, "POST", f"{outputs}/rtmp", {"id": "q", "url": f"rtmp://x/ {bad_key}"})
    assert invalid.status == 400
    listed = (await streams.call(admin, "GET", outputs)).ok()
    await asyncio.sleep(1)

    pool = streams.runtime.pool
    kept = await pool.fetch(
        "SELECT output_id, name, value FROM streams.output_secrets WHERE organisation_id = $1 ORDER BY output_id",
        admin.managing_organisation_id,
    )
    assert [tuple(row) for row in kept] == [("a", "password", second), ("r", "url", rtmp["url"])]
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
    answers = f"{created} {changed} {streamed} {listed} {error.body} {too_short.body} {invalid.body}"
    for secret in (first, second, refused, short[:9], key, bad_key):
        places = (("events", events), ("projections", projected), ("messages", "\n".join(messages)), ("logs", logs),
                  ("answers", answers))  # fmt: skip
        for place, text in places:
            assert secret not in text, f"a credential leaked into {place}"


async def test_only_the_agent_of_the_outputs_environment_reads_its_credentials(streams: StreamsUnderTest) -> None:
    admin = member_of(new_organisation())
    environment_id = await streams.environment(admin.managing_organisation_id)
    outputs = f"/api/customer_environment/{environment_id}/outputs"
    password, url = "a-password-of-the-output", "rtmps://live.example/app/the-stream-key"
    srt = {"id": "s", "encryption_type": 2, "password": password}
    (await streams.call(admin, "POST", f"{outputs}/srt_listener", srt)).ok(201)
    (await streams.call(admin, "POST", f"{outputs}/rtmp", {"id": "r", "url": url})).ok(201)
    (await streams.call(admin, "POST", f"{outputs}/rist", {"id": "plain", "host": "h", "port": 5000})).ok(201)
    (await streams.call(admin, "PATCH", f"{outputs}/rtmp/r", {"bitrate": 900})).ok()

    agent = Principal(kind="agent", environment_id=uuid.UUID(environment_id))
    read = (await streams.call(agent, "GET", f"{outputs}/s/credentials")).ok()
    assert read == {"output_id": "s", "config_version": 1, "credentials": {"password": password}}
    read = (await streams.call(agent, "GET", f"{outputs}/r/credentials")).ok()
    assert read == {"output_id": "r", "config_version": 2, "credentials": {"url": url}}
    assert (await streams.call(agent, "GET", f"{outputs}/plain/credentials")).ok()["credentials"] == {}

    stranger = Principal(kind="agent", environment_id=uuid.uuid4())
    assert (await streams.call(stranger, "GET", f"{outputs}/s/credentials")).status == 404
    assert (await streams.call(admin, "GET", f"{outputs}/s/credentials")).status == 403
    (await streams.call(admin, "DELETE", f"{outputs}/s")).ok(204)
    assert (await streams.call(agent, "GET", f"{outputs}/s/credentials")).status == 404
