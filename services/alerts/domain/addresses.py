"""Where an alert method sends: email addresses (checked by ``email-validator``) or Slack incoming webhooks.

A webhook URL is a credential: errors name its position, never its value, and it is shown only as its
``https://hooks.slack.com/services/T…/B…/`` prefix followed by a mask.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from email_validator import EmailNotValidError, validate_email

from alerts.contract.schemas import AlertType
from common.errors import Invalid

FIELD = "notification_parameters"
MAX_ADDRESSES = 50
MAX_LENGTH = 512
MASK = "********"
WEBHOOK = re.compile(r"(https://hooks\.slack\.com/services/T[A-Z0-9]{4,20}/B[A-Z0-9]{4,20}/)[A-Za-z0-9]{16,64}")


def parse(alert_type: AlertType, values: Sequence[str]) -> list[str]:
    """The addresses in a canonical spelling, duplicates dropped; anything else is ``Invalid``."""
    if not 1 <= len(values) <= MAX_ADDRESSES:
        raise Invalid(f"send 1 to {MAX_ADDRESSES} addresses", FIELD)
    canonical = [_email(v, i) if alert_type == "email" else _webhook(v, i) for i, v in enumerate(values)]
    return list(dict.fromkeys(canonical))


def shown(alert_type: AlertType, address: str) -> str:
    if alert_type == "email":
        return address
    match = WEBHOOK.fullmatch(address)
    assert match is not None, "only parsed webhooks are shown"
    return match.group(1) + MASK


def _email(value: str, position: int) -> str:
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise Invalid(f"address {position} is not a valid email address: {exc}", FIELD) from exc


def _webhook(value: str, position: int) -> str:
    candidate = value.strip()
    if len(candidate) > MAX_LENGTH or WEBHOOK.fullmatch(candidate) is None:
        raise Invalid(
            f"address {position} is not a Slack incoming-webhook URL (https://hooks.slack.com/services/T…/B…/…)",
            FIELD,
        )
    return candidate
