"""An alert's rule: what to watch (metric over a window), when it is wrong (operator and values), how often to look,
how long it must last before it is said, and how often it is said again. Checked whole, so an update that changes
one field is checked against the others."""

from __future__ import annotations

import math
from dataclasses import dataclass

from alerts.contract.rules import METRIC_BOUNDS, MIN_CHECK_SECONDS, VALUES_NEEDED, seconds
from common.errors import Invalid


@dataclass(frozen=True)
class Rule:
    alert_on_query: str
    query_param: str
    query_value: tuple[float, ...]
    query_time_range: str
    alert_check_frequency: str
    alert_after: str | None
    alert_repeat: str

    @property
    def window_seconds(self) -> int:
        return _seconds(self.query_time_range)

    @property
    def check_seconds(self) -> int:
        return _seconds(self.alert_check_frequency)

    @property
    def after_seconds(self) -> int:
        return 0 if self.alert_after is None else _seconds(self.alert_after)

    @property
    def repeat_seconds(self) -> int:
        return _seconds(self.alert_repeat)


def _seconds(duration: str) -> int:
    value = seconds(duration)
    assert value is not None, "a rule's durations are checked when it is made"
    return value


def check(rule: Rule) -> Rule:
    """The rule if every field fits the others; else ``Invalid`` naming the field."""
    needed = VALUES_NEEDED[rule.query_param]
    if len(rule.query_value) != needed:
        raise Invalid(f"{rule.query_param} needs exactly {needed} value(s) in query_value", "query_value")
    low, high = METRIC_BOUNDS[rule.alert_on_query]
    for value in rule.query_value:
        if not math.isfinite(value) or not low <= value <= high:
            raise Invalid(f"{rule.alert_on_query} values lie between {low:g} and {high:g}", "query_value")
    if needed == 2 and not rule.query_value[0] < rule.query_value[1]:
        raise Invalid("a range is [low, high] with low < high", "query_value")
    check_seconds = seconds(rule.alert_check_frequency)
    if check_seconds is None or check_seconds < MIN_CHECK_SECONDS:
        raise Invalid("a duration such as 1m, 3h or 1h30m, at least 10s", "alert_check_frequency")
    if rule.alert_after is not None and seconds(rule.alert_after) is None:
        raise Invalid("a duration such as 15s, 5m or 1h (or null)", "alert_after")
    return rule
