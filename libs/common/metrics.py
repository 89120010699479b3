"""Prometheus metrics shared by every service; the ``service`` label tells them apart."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

HTTP_REQUESTS = Counter(
    "switchyard_http_requests_total", "HTTP requests handled", ["service", "route", "method", "status"]
)
HTTP_ERRORS = Counter("switchyard_http_errors_total", "HTTP requests answered with 5xx", ["service", "route", "method"])
HTTP_LATENCY = Histogram(
    "switchyard_http_request_duration_seconds",
    "HTTP request latency",
    ["service", "route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
MESSAGES_PUBLISHED = Counter(
    "switchyard_messages_published_total", "Messages confirmed by the broker", ["service", "type"]
)
MESSAGES_CONSUMED = Counter(
    "switchyard_messages_consumed_total", "Messages handled and acked", ["service", "queue", "outcome"]
)
MESSAGES_RETRIED = Counter(
    "switchyard_messages_retried_total",
    "Messages returned to their queue after a failure",
    ["service", "queue"],
)
MESSAGES_DEAD_LETTERED = Counter(
    "switchyard_messages_dead_lettered_total",
    "Messages sent to a dead-letter queue",
    ["service", "queue", "reason"],
)
MESSAGES_DROPPED = Counter(
    "switchyard_messages_dropped_total",
    "Messages acknowledged and dropped unread: too large, or their sender over its rate",
    ["service", "queue", "reason"],
)
DEAD_LETTERS_WAITING = Gauge(
    "switchyard_dead_letter_messages",
    "Messages waiting in a queue's dead-letter queue (bounded; the oldest go first when it is full)",
    ["service", "queue"],
)
OUTBOX_LAG = Gauge("switchyard_outbox_lag_events", "Committed events the relay has not had confirmed yet", ["service"])
OUTBOX_RELAY_ACTIVE = Gauge("switchyard_outbox_relay_active", "1 while this replica holds the relay lock", ["service"])
OUTBOX_UNTRANSLATABLE = Counter(
    "switchyard_outbox_untranslatable_total",
    "Committed events the relay could not turn into messages (set aside in relay_failures)",
    ["service"],
)
ALERT_DELIVERIES = Counter(
    "switchyard_alert_deliveries_total",
    "Alert deliveries finished, by method type and outcome (sent, dead_lettered)",
    ["alert_type", "outcome"],
)
OUTBOX_UNROUTED = Counter(
    "switchyard_outbox_unrouted_total",
    "Messages the broker returned that no subscription expects (no subscriber, or an agent's queue gone)",
    ["service", "type"],
)
