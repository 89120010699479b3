"""The alerts service's projections: the alert methods list, alerts, notifications with each recipient's copy, and
the full alert sets pushed to each environment (``common.full_sets``)."""

from __future__ import annotations

from typing import Any

from alerts.adapters import event_codec
from alerts.domain import events as e
from common import full_sets
from common.eventstore import RecordedEvent
from common.projections import Projection


async def _method(conn: Any, s: str, r: RecordedEvent) -> None:
    match event_codec.decode(r):
        case e.AlertMethodCreated() as created:
            await conn.execute(
                f"""INSERT INTO {s}.alert_methods
                    (id, organisation_id, name, alert_type, notification_parameters, created_at)
                    VALUES ($1, $2, $3, $4, $5, $6)""",
                created.method_id, created.organisation_id, created.name, created.alert_type,
                list(created.notification_parameters), r.recorded_at,
            )  # fmt: skip
        case e.AlertMethodChanged() as changed:
            await conn.execute(
                f"""UPDATE {s}.alert_methods SET name = $2, alert_type = $3, notification_parameters = $4
                    WHERE id = $1""",
                changed.method_id, changed.name, changed.alert_type, list(changed.notification_parameters),
            )  # fmt: skip
        case e.AlertMethodDeleted() as deleted:
            await conn.execute(f"DELETE FROM {s}.alert_methods WHERE id = $1", deleted.method_id)


METHOD_EVENTS = (e.AlertMethodCreated, e.AlertMethodChanged, e.AlertMethodDeleted)
ALERT_METHODS = Projection(
    "alert_methods", ["alert_methods"], dict.fromkeys(map(event_codec.name_of, METHOD_EVENTS), _method)
)


async def _notification(conn: Any, s: str, r: RecordedEvent) -> None:
    match event_codec.decode(r):
        case e.NotificationRaised() as raised:
            await conn.execute(
                f"""INSERT INTO {s}.notifications (id, organisation_id, category, message, resource_id, created_at)
                    VALUES ($1, $2, $3, $4, $5, $6)""",
                raised.notification_id, raised.organisation_id, raised.category, raised.message, raised.resource_id,
                r.recorded_at,
            )  # fmt: skip
            await conn.executemany(
                f"INSERT INTO {s}.notification_inbox (notification_id, user_id) VALUES ($1, $2)",
                [(raised.notification_id, user_id) for user_id in raised.recipients],
            )
        case e.NotificationRead() as read:
            await conn.execute(
                f"UPDATE {s}.notification_inbox SET read_at = $3 WHERE notification_id = $1 AND user_id = $2",
                read.notification_id, read.user_id, r.recorded_at,
            )  # fmt: skip
        case e.NotificationDismissed() as gone:
            await conn.execute(
                f"DELETE FROM {s}.notification_inbox WHERE notification_id = $1 AND user_id = $2",
                gone.notification_id, gone.user_id,
            )  # fmt: skip


NOTIFICATION_EVENTS: tuple[type[e.DomainEvent], ...] = (
    e.NotificationRaised,
    e.NotificationRead,
    e.NotificationDismissed,
)
NOTIFICATIONS = Projection(
    "notifications",
    ["notifications", "notification_inbox"],
    dict.fromkeys(map(event_codec.name_of, NOTIFICATION_EVENTS), _notification),
)


async def _alert(conn: Any, s: str, r: RecordedEvent) -> None:
    event = event_codec.decode(r)
    match event:
        case e.AlertCreated():
            await conn.execute(
                f"""INSERT INTO {s}.alerts (id, organisation_id, created_by_organisation_id, environment_id, side,
                        endpoint_id, name, alert_on_query, query_param, query_value, query_time_range,
                        alert_check_frequency, alert_after, alert_repeat, alert_method_id, created_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)""",
                event.alert_id, event.organisation_id, event.created_by_organisation_id, event.environment_id,
                event.side, event.endpoint_id, event.name, event.alert_on_query, event.query_param,
                list(event.query_value), event.query_time_range, event.alert_check_frequency, event.alert_after,
                event.alert_repeat, event.alert_method_id, r.recorded_at,
            )  # fmt: skip
        case e.AlertChanged():
            await conn.execute(
                f"""UPDATE {s}.alerts SET name = $2, alert_on_query = $3, query_param = $4, query_value = $5,
                        query_time_range = $6, alert_check_frequency = $7, alert_after = $8, alert_repeat = $9,
                        alert_method_id = $10 WHERE id = $1""",
                event.alert_id, event.name, event.alert_on_query, event.query_param, list(event.query_value),
                event.query_time_range, event.alert_check_frequency, event.alert_after, event.alert_repeat,
                event.alert_method_id,
            )  # fmt: skip
        case e.AlertEvent():
            sets, values = _ALERT_CHANGES[type(event)](event)
            await conn.execute(f"UPDATE {s}.alerts SET {sets} WHERE id = $1", event.alert_id, *values)


_ALERT_CHANGES: dict[type[e.DomainEvent], Any] = {
    e.AlertDeleted: lambda _: ("deleted = true, is_alerting = false", ()),
    e.AlertMuted: lambda m: ("muted = true, muted_until = $2", (m.until,)),
    e.AlertUnmuted: lambda _: ("muted = false, muted_until = NULL", ()),
    e.AlertActivated: lambda _: ("status = 'active'", ()),
    e.AlertDeactivated: lambda _: ("status = 'paused'", ()),
    e.AlertRaised: lambda r: ("is_alerting = true, value = $2", (r.value,)),
    e.AlertCleared: lambda c: ("is_alerting = false, value = $2", (c.value,)),
}
ALERT_EVENTS: list[type[e.DomainEvent]] = [e.AlertCreated, e.AlertChanged, *_ALERT_CHANGES]
ALERTS = Projection("alerts", ["alerts"], dict.fromkeys(map(event_codec.name_of, ALERT_EVENTS), _alert))
PROJECTIONS = [ALERT_METHODS, ALERTS, NOTIFICATIONS, full_sets.PROJECTION]
