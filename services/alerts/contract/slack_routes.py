"""A279: Slack's interactive actions on the messages alerts send (the "Mute for 1 h" button).

Slack calls it, not a user: the gateway lets anyone through, and the service acts only on a request whose
Slack signature verifies (decision 67).
"""

from __future__ import annotations

from common.access.builder import RouteBuilder
from common.access.rules import Route
from common.access.shorthand import ANYONE

SLACK_ACTIONS = "/api/slack/actions"
SIGNED = (
    "Slack's own request: application/x-www-form-urlencoded with a `payload` field (JSON), signed in "
    "X-Slack-Signature (v0=HMAC-SHA256 of `v0:{X-Slack-Request-Timestamp}:{body}` with the app's signing secret). "
    "A missing, wrong or older-than-5-minutes signature is 400 and nothing happens."
)
ACTS = (
    'The "Mute for 1 h" button mutes the alert it names, if that raise was sent to Slack by this platform (else '
    "404); other actions are acknowledged and ignored."
)

_r = RouteBuilder("alerts")

SLACK_ROUTES: tuple[Route, ...] = (
    _r("slack.actions", "A279", "POST", SLACK_ACTIONS, "Act on a Slack interactive action (mute an alert for 1 h)",
       ANYONE, object_rule=ACTS, note=SIGNED, errors=(400, 404)),
)  # fmt: skip
