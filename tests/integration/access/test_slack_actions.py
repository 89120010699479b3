"""A279 through the gateway: Slack calls with no user token, and its signature headers reach the alerts service,
which verifies them before anything else."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any
from urllib.parse import urlencode

from alerts.domain.slack import MUTE_ACTION, SIGNATURE, TIMESTAMP, sign
from tests.integration.access.cast import World
from tests.integration.access.conftest import SLACK_SIGNING_SECRET


async def _post(world: World, body: bytes, signature: str, timestamp: int) -> tuple[int, Any]:
    anyone = world["anonymous"].api
    headers = {"Content-Type": "application/x-www-form-urlencoded", SIGNATURE: signature, TIMESTAMP: str(timestamp)}
    async with anyone.session.post(anyone.base_url + "/api/slack/actions", data=body, headers=headers) as r:
        return r.status, await r.json(content_type=None)


async def test_a_signed_slack_action_reaches_the_alerts_service_without_a_token(world: World) -> None:
    action = {"action_id": MUTE_ACTION, "value": f"{uuid.uuid4()}:{uuid.uuid4()}"}
    body = urlencode({"payload": json.dumps({"type": "block_actions", "actions": [action]})}).encode()
    now = int(time.time())
    signed = sign(SLACK_SIGNING_SECRET.encode(), str(now), body)
    status, problem = await _post(world, body, signed, now)
    assert status == 404 and "no Slack message was sent" in problem["detail"], problem  # verified, then looked up
    status, problem = await _post(world, body + b"x", signed, now)
    assert status == 400 and problem["errors"][0]["parameter"] == SIGNATURE
