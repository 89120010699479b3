"""A279: Slack's "Mute for 1 h" on a raise the service posted to Slack, signed with the test's secret: valid,
tampered and stale. The service is given a recording ``AlertMuting`` (the alert use cases implement it)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from alerts.adapters.delivery_log import PostgresDeliveryLog
from alerts.bootstrap import spec
from alerts.domain.deliveries import AlertFired
from alerts.domain.slack import MUTE_ACTION, SIGNATURE, TIMESTAMP, sign
from alerts.service_layer.deliveries import plan
from common.http.app import create_app
from common.http.principal import ANONYMOUS
from common.http.principal import sign as sign_for_gateway
from tests.integration.alerts.conftest import AlertsUnderTest, settings_for, webhook
from tests.support.alert_fired import fired
from tests.support.service_under_test import member_of, new_organisation
from tests.support.slack import SlackStandIn
from tests.support.smtp import Inbox
from tests.support.waiting import eventually

SECRET = "test-signing-secret-8f14e45fceea167a"
ACTIONS = "/api/slack/actions"


class RecordingMuting:
    def __init__(self) -> None:
        self.calls: list[tuple[uuid.UUID, int, datetime]] = []

    async def mute_for(self, alert_id: uuid.UUID, organisation_id: int, until: datetime) -> None:
        self.calls.append((alert_id, organisation_id, until))


class SlackCaller:
    def __init__(self, server: TestServer, session: aiohttp.ClientSession, key: str) -> None:
        self.server, self.session, self.key = server, session, key

    async def post(self, body: bytes, timestamp: int, signature: str | None = None) -> tuple[int, Any]:
        """As the gateway forwards Slack's request: signed for an anonymous caller, Slack's headers kept."""
        url = self.server.make_url(ACTIONS)
        headers = sign_for_gateway(self.key.encode(), ANONYMOUS, "POST", url.raw_path_qs, service="alerts", body=body)
        headers |= {"Content-Type": "application/x-www-form-urlencoded", TIMESTAMP: str(timestamp),
                    SIGNATURE: signature or sign(SECRET.encode(), str(timestamp), body)}  # fmt: skip
        async with self.session.post(url, data=body, headers=headers) as r:
            return r.status, await r.json(content_type=None)


@pytest.fixture(scope="module")
async def muting() -> RecordingMuting:
    return RecordingMuting()


@pytest.fixture(scope="module")
async def slack_caller(
    database_url: str, amqp_url: str, internal_key: str, mailbox: Inbox, slack: SlackStandIn, muting: RecordingMuting
) -> AsyncIterator[SlackCaller]:
    settings = settings_for(database_url, amqp_url, internal_key, mailbox, slack,
                            SWITCHYARD_SLACK_SIGNING_SECRET=SECRET)  # fmt: skip
    server = TestServer(create_app(spec(settings, muting=lambda _: muting)))
    await server.start_server()
    async with aiohttp.ClientSession() as session:
        yield SlackCaller(server, session, internal_key)
    await server.close()


def click(event: AlertFired, action_id: str = MUTE_ACTION) -> bytes:
    button = {"action_id": action_id, "value": f"{event.alert_id}:{event.raise_id}", "type": "button"}
    payload = {"type": "block_actions", "user": {"id": "U123", "name": "noc"}, "actions": [button]}
    return urlencode({"payload": json.dumps(payload)}).encode()


async def _posted_to_slack(alerts: AlertsUnderTest, slack: SlackStandIn, organisation: int) -> AlertFired:
    hook = webhook()
    method = uuid.UUID(await alerts.create(member_of(organisation), "Ops", "slack", hook))
    raised = fired(method, organisation)
    await plan(PostgresDeliveryLog(alerts.runtime.pool, "alerts"), raised, datetime.now(UTC))

    async def posted() -> None:
        assert len(slack.to(hook)) == 1

    await eventually(posted)
    return raised


async def test_a_signed_click_mutes_the_alert_for_an_hour_for_its_organisation(
    alerts: AlertsUnderTest, slack: SlackStandIn, slack_caller: SlackCaller, muting: RecordingMuting
) -> None:
    organisation = new_organisation()
    raised = await _posted_to_slack(alerts, slack, organisation)
    before = datetime.now(UTC)
    status, answer = await slack_caller.post(click(raised), int(time.time()))
    assert (status, answer["acted"]) == (200, True)
    [(alert_id, organisation_id, until)] = [c for c in muting.calls if c[0] == raised.alert_id]
    assert (alert_id, organisation_id) == (raised.alert_id, organisation)
    assert before + timedelta(hours=1) <= until <= datetime.now(UTC) + timedelta(hours=1)


async def test_a_tampered_or_stale_click_is_refused_and_mutes_nothing(
    alerts: AlertsUnderTest, slack: SlackStandIn, slack_caller: SlackCaller, muting: RecordingMuting
) -> None:
    raised = await _posted_to_slack(alerts, slack, new_organisation())
    now = int(time.time())
    body = click(raised)
    signed = sign(SECRET.encode(), str(now), body)
    other = fired(raised.alert_method_id, 1)
    tampered = await slack_caller.post(click(other), now, signed)
    stale = await slack_caller.post(body, now - 301)
    forged = await slack_caller.post(body, now, sign(b"not-the-secret", str(now), body))
    for status, problem in (tampered, stale, forged):
        assert status == 400, problem
    assert tampered[1]["errors"][0]["parameter"] == SIGNATURE and stale[1]["errors"][0]["parameter"] == TIMESTAMP
    assert [c for c in muting.calls if c[0] in (raised.alert_id, other.alert_id)] == []


async def test_a_signed_click_on_a_raise_never_posted_to_slack_is_404_and_other_actions_are_ignored(
    slack_caller: SlackCaller, muting: RecordingMuting
) -> None:
    unknown = fired(uuid.uuid4(), 1)
    calls = len(muting.calls)
    assert (await slack_caller.post(click(unknown), int(time.time())))[0] == 404
    assert await slack_caller.post(click(unknown, "something_else"), int(time.time())) == (200, {"acted": False})
    assert len(muting.calls) == calls


async def test_without_a_signing_secret_no_click_verifies(alerts: AlertsUnderTest, slack: SlackStandIn) -> None:
    """The session's service is configured with no signing secret: even a click signed with ours is refused."""
    raised = await _posted_to_slack(alerts, slack, new_organisation())
    caller = SlackCaller(alerts.server, alerts.session, alerts.key)
    status, problem = await caller.post(click(raised), int(time.time()))
    assert (status, problem["errors"][0]["parameter"]) == (400, SIGNATURE)
    assert "no signing secret" in problem["detail"]
