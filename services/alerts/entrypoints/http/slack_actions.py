"""A279: Slack's interactive actions, acted on only once Slack's signature verifies."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

from aiohttp import web

from alerts.adapters.delivery_log import PostgresDeliveryLog
from alerts.config import SCHEMA, AlertsSettings
from alerts.domain import slack
from alerts.service_layer.delivery_ports import AlertMuting
from alerts.service_layer.slack_actions import mute_for_an_hour
from common.errors import Invalid
from common.http.app import RUNTIME, Runtime
from common.http.bodies import json_response

MutingOf = Callable[[Runtime], AlertMuting]
MUTING: web.AppKey[MutingOf] = web.AppKey("alert_muting")


async def act(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    settings = runtime.settings
    assert isinstance(settings, AlertsSettings)
    body = await request.read()
    secret = settings.slack_signing_secret.get_secret_value().encode() if settings.slack_signing_secret else None
    headers = request.headers
    slack.verify(secret, headers.get(slack.TIMESTAMP), headers.get(slack.SIGNATURE), body, time.time())
    action = _mute_action(_payload(body))
    if action is None:
        return json_response({"acted": False})
    alert_id, raise_id = slack.parse_action_value(action.get("value"))
    muting_of = request.app.get(MUTING)
    muting = None if muting_of is None else muting_of(runtime)
    until = await mute_for_an_hour(PostgresDeliveryLog(runtime.pool, SCHEMA), muting, alert_id, raise_id,
                                   datetime.now(UTC))  # fmt: skip
    return json_response({"acted": True, "alert_id": str(alert_id), "muted_until": until.isoformat()})


def _payload(body: bytes) -> Any:
    try:
        [payload] = parse_qs(body.decode(), strict_parsing=True)["payload"]
        return json.loads(payload)
    except (UnicodeDecodeError, ValueError, KeyError) as exc:
        raise Invalid("send Slack's form with one `payload` field holding JSON", "payload") from exc


def _mute_action(payload: Any) -> dict[str, Any] | None:
    actions = payload.get("actions") if isinstance(payload, dict) else None
    if not isinstance(actions, list):
        raise Invalid("the payload has no actions", "payload")
    return next((a for a in actions if isinstance(a, dict) and a.get("action_id") == slack.MUTE_ACTION), None)


HANDLERS = {"slack.actions": act}
