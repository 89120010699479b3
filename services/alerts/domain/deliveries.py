"""What a raised or cleared alert is sent as, to whom, and what a delivery's record says.

``AlertFired`` is the seam with evaluation: the alerts service's ``alerts.AlertRaised`` and ``alerts.AlertCleared``
carry exactly these fields (``state`` tells which). A delivery is one (raise, repeat, state, target): an email address,
or a Slack webhook known by its digest, since the URL is a credential kept beside the log (decision 43).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from alerts.contract.schemas import AlertType
from alerts.domain.addresses import shown
from alerts.domain.events import AlertEpisode, AlertRaised
from common.mail import Mail

State = Literal["raised", "cleared"]
Status = Literal["pending", "sending", "retrying", "sent", "dead_lettered", "skipped"]
MUTED = "the alert is muted"
INTERRUPTED = "interrupted while sending: whether it arrived is unknown, so it is not sent again"
OPERATORS = {
    "gt": "above",
    "lt": "below",
    "outside_range": "outside",
    "within_range": "within",
    "no_value": "without a value",
}


class AlertFired(BaseModel):
    model_config = ConfigDict(frozen=True)

    state: State
    raise_id: uuid.UUID
    repeat: int = 0  # a raise said again while ongoing (``alert_repeat``) is delivered again: 1, 2, …
    alert_id: uuid.UUID
    organisation_id: int
    created_by_organisation_id: int | None
    environment_id: uuid.UUID
    side: Literal["input", "output"]
    endpoint_id: str
    alert_name: str
    alert_on_query: str
    query_param: str
    query_value: list[float]
    value: float | None
    alert_method_id: uuid.UUID
    muted: bool
    occurred_at: datetime


@dataclass(frozen=True)
class Target:
    alert_type: AlertType
    key: str
    shown: str


def webhook_key(url: str) -> str:
    return "slack:" + hashlib.sha256(url.encode()).hexdigest()[:32]


def targets(alert_type: AlertType, addresses: Sequence[str], webhooks: Sequence[str]) -> list[Target]:
    """Where a method sends: its email addresses, or its webhooks (``addresses`` then hold their masked form)."""
    if alert_type == "email":
        return [Target("email", address, address) for address in addresses]
    return [Target("slack", webhook_key(url), shown("slack", url)) for url in webhooks]


def threshold(fired: AlertFired) -> str:
    values = [_number(v) for v in fired.query_value]
    if fired.query_param in ("outside_range", "within_range") and len(values) == 2:
        return f"{OPERATORS[fired.query_param]} {values[0]}–{values[1]}"
    if fired.query_param == "no_value":
        return OPERATORS["no_value"]
    return f"{OPERATORS.get(fired.query_param, fired.query_param)} {' '.join(values)}".strip()


def value_of(fired: AlertFired) -> str:
    return "no value" if fired.value is None else _number(fired.value)


def where(fired: AlertFired) -> str:
    return f"{fired.side} {fired.endpoint_id} on environment {fired.environment_id}"


def headline(fired: AlertFired) -> str:
    return f"Alert {fired.state}: {fired.alert_name}"


def link(fired: AlertFired, public_url: str) -> str:
    return f"{public_url.rstrip('/')}/alerts/{fired.alert_id}"


def email(fired: AlertFired, to: str, public_url: str) -> Mail:
    """The message, with a Message-ID derived from what the delivery is, so a resend is recognisably the same."""
    said = f"{fired.raise_id}:{fired.state}:{to}" + (f":{fired.repeat}" if fired.repeat else "")
    digest = hashlib.sha256(said.encode()).hexdigest()[:24]
    text = "\n".join([
        f"{headline(fired)}",
        "",
        f"What:      {fired.alert_on_query} {threshold(fired)}",
        f"Where:     {where(fired)}",
        f"Value:     {value_of(fired)}",
        f"Threshold: {threshold(fired)}",
        f"State:     {fired.state} at {fired.occurred_at.isoformat()}",
        "",
        f"See it in Switchyard: {link(fired, public_url)}",
    ])  # fmt: skip
    subject = f"[Switchyard] {fired.state.upper()}: {fired.alert_name} ({fired.side} {fired.endpoint_id})"
    return Mail(to=to, subject=subject, text=text, message_id=f"<{digest}.{fired.state}@alerts.switchyard>")


def _number(value: float) -> str:
    return f"{value:g}"


def fired_from(episode: AlertEpisode) -> AlertFired:
    """What evaluation recorded, as deliveries see it."""
    repeat = episode.repeat if isinstance(episode, AlertRaised) else 0
    state: State = "raised" if isinstance(episode, AlertRaised) else "cleared"
    return AlertFired.model_validate({**episode.model_dump(), "state": state, "repeat": repeat,
                                      "occurred_at": episode.at})  # fmt: skip
