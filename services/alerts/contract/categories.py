"""The notification categories, as data: a category is a name users can filter and mute by.

Which integration event raises which category, and with what message, is in
``alerts.contract.sources``; a later category (alert raised, input running hot, credits…) is
one row here and one there. Credits running low has no category: billing publishes no such event
(only ``billing.CreditsExhausted``).
"""

from __future__ import annotations

from typing import NamedTuple


class Category(NamedTuple):
    name: str
    help: str


CATEGORIES: tuple[Category, ...] = (
    Category("environment_running", "a customer environment started running"),
    Category("environment_unreachable", "a customer environment's agent stopped reporting"),
    Category("environment_recovered", "an unreachable customer environment reports again"),
    Category("environment_degraded", "a command to a customer environment's agent went unanswered"),
    Category("environment_deleted", "a customer environment was deleted"),
    Category("input_running_hot", "an input's bitrate came near its maximum"),
    Category("input_stopped", "an input was stopped for exceeding its maximum bitrate"),
    Category("alert_raised", "an alert's condition holds (raised, not muted)"),
    Category("alert_cleared", "a raised alert's condition no longer holds"),
    Category("credits_exhausted", "an organisation on free credits has used them all up"),
    Category("credits_low", "an organisation's free credits fell below a fifth of what it was granted"),
    Category("charge_declined", "the payment provider declined charging an account-billed organisation"),
)
NAMES: tuple[str, ...] = tuple(c.name for c in CATEGORIES)
