"""Slack's side of deliveries: the Block Kit message with its "Mute for 1 h" button, and the checks on the
interactive actions Slack sends back (its request signature, the button's value).

Slack signs ``v0:{timestamp}:{body}`` with the app's signing secret (HMAC-SHA256, hex, prefixed ``v0=``); a
request more than five minutes old, either way, is refused so a captured one cannot be replayed later.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from typing import Any

from alerts.domain.deliveries import AlertFired, headline, link, threshold, value_of, where
from common.errors import Invalid

MUTE_ACTION = "alerts.mute_for_1h"
MUTE_FOR_SECONDS = 3600
TOLERANCE_SECONDS = 300
SIGNATURE = "X-Slack-Signature"
TIMESTAMP = "X-Slack-Request-Timestamp"
HEADER_LIMIT = 150


def message(fired: AlertFired, public_url: str) -> dict[str, Any]:
    title = ("🔴 " if fired.state == "raised" else "✅ ") + headline(fired)
    fields = {
        "What": f"{fired.alert_on_query} {threshold(fired)}",
        "Where": where(fired),
        "Value": value_of(fired),
        "State": f"{fired.state} at {fired.occurred_at.isoformat()}",
    }
    buttons: list[dict[str, Any]] = [_button("Open in Switchyard", url=link(fired, public_url))]
    if fired.state == "raised":
        buttons.insert(0, _button("Mute for 1 h", action_id=MUTE_ACTION, value=action_value(fired)))
    return {
        "text": f"{headline(fired)} — {where(fired)}: {value_of(fired)} ({threshold(fired)})",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": title[:HEADER_LIMIT]}},
            {"type": "section",
             "fields": [{"type": "mrkdwn", "text": f"*{name}*\n{_escaped(text)}"} for name, text in fields.items()]},
            {"type": "actions", "elements": buttons},
        ],
    }  # fmt: skip


def action_value(fired: AlertFired) -> str:
    return f"{fired.alert_id}:{fired.raise_id}"


def parse_action_value(value: object) -> tuple[uuid.UUID, uuid.UUID]:
    """The (alert, raise) a button names; anything else is ``Invalid``."""
    alert, _, raise_ = str(value).partition(":")
    try:
        return uuid.UUID(alert), uuid.UUID(raise_)
    except ValueError as exc:
        raise Invalid("the action's value names no alert and raise", "payload") from exc


def sign(secret: bytes, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret, b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return f"v0={digest}"


def verify(secret: bytes | None, timestamp: str | None, signature: str | None, body: bytes, now: float) -> None:
    """Returns only for a request Slack signed with ``secret`` less than five minutes from ``now``."""
    if not secret:
        raise Invalid("Slack actions are not configured here (no signing secret)", SIGNATURE)
    if timestamp is None or not timestamp.isdigit():
        raise Invalid("a Slack request carries its timestamp", TIMESTAMP)
    if abs(now - int(timestamp)) > TOLERANCE_SECONDS:
        raise Invalid("the Slack request is stale (more than five minutes from now)", TIMESTAMP)
    if signature is None or not hmac.compare_digest(sign(secret, timestamp, body).encode(), signature.encode()):
        raise Invalid("the Slack request's signature does not verify", SIGNATURE)


def _button(text: str, **more: str) -> dict[str, Any]:
    return {"type": "button", "text": {"type": "plain_text", "text": text}, **more}


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
