"""The alerts service's projections: the alert methods list, and notifications with each recipient's copy."""

from __future__ import annotations

from typing import Any

from alerts.adapters import event_codec
from alerts.domain import events as e
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
PROJECTIONS = [ALERT_METHODS, NOTIFICATIONS]
