"""Routes of the caller's notifications in the managing organisation and of muted categories (A162–A169, A275).

The seed gives these no role; read as for the other lists of the managing organisation: every member reads
and handles their own notifications and mutes for themselves, admins and operators mute for everyone.
"""

from __future__ import annotations

from alerts.contract.notifications import MutedCategories, NotificationIds, NotificationView
from alerts.contract.routes import EDITOR_OR_SU, MEMBER_OR_SU, NEEDS_MANAGING
from common.access.builder import RouteBuilder, with_schema
from common.access.rules import Route

NOTIFICATIONS = "/api/notifications"
NOTIFICATION = f"{NOTIFICATIONS}/{{notification_id}}"
ORG_MUTES = f"{NOTIFICATIONS}/muted_categories"
USER_MUTES = "/api/user/notifications/muted_categories"
YOURS = f"Only notifications sent to you in the managing organisation; anyone else's, or none, is 404. {NEEDS_MANAGING}"
ALL_YOURS = f"Every id must be one of your notifications (else 404, and nothing changes). {NEEDS_MANAGING}"
TWICE = "The seed lists this operation twice (A162, A167); A167 is the same list under the organisation's name."
MUTED = "Muted categories create no notification for anyone in the organisation from then on."

_r = RouteBuilder("alerts", {"notification_id": "uuid"})

NOTIFICATION_ROUTES: tuple[Route, ...] = (
    *with_schema(
        _r("notifications.list", "A162", "GET", NOTIFICATIONS, "Your notifications in the managing organisation",
           *MEMBER_OR_SU, list_of=NotificationView, object_rule=NEEDS_MANAGING, note="Newest first by default.",
           errors=(409,)),
        "notifications.schema", "Schema of the notifications collection"),
    *with_schema(
        _r("notifications.list_for_organisation", "A167", "GET", f"{NOTIFICATIONS}/managing_organisation",
           "Your notifications in the managing organisation", *MEMBER_OR_SU, list_of=NotificationView,
           object_rule=NEEDS_MANAGING, note=TWICE, errors=(409,)),
        "notifications.schema_for_organisation", "Schema of the notifications collection"),
    _r("notifications.read", "A168", "POST", f"{NOTIFICATION}/read", "Mark a notification read", *MEMBER_OR_SU,
       status=204, object_rule=YOURS, errors=(404, 409)),
    _r("notifications.read_many", "A164", "POST", f"{NOTIFICATIONS}/read", "Mark notifications read",
       *MEMBER_OR_SU, request=NotificationIds, status=204, object_rule=ALL_YOURS, errors=(404, 409)),
    _r("notifications.delete", "A169", "DELETE", NOTIFICATION, "Delete a notification (for you)", *MEMBER_OR_SU,
       status=204, object_rule=YOURS, errors=(404, 409)),
    _r("notifications.delete_many", "A163", "POST", f"{NOTIFICATIONS}/delete", "Delete notifications (for you)",
       *MEMBER_OR_SU, request=NotificationIds, status=204, object_rule=ALL_YOURS, errors=(404, 409)),
    _r("notifications.mute_for_organisation", "A165", "PUT", ORG_MUTES,
       "Mute notification categories for the managing organisation", *EDITOR_OR_SU, request=MutedCategories,
       response=MutedCategories, object_rule=NEEDS_MANAGING, note=MUTED, errors=(409,)),
    _r("notifications.muted_for_organisation", "A166", "GET", ORG_MUTES,
       "Muted notification categories of the managing organisation", *MEMBER_OR_SU, response=MutedCategories,
       object_rule=NEEDS_MANAGING, errors=(409,)),
    _r("notifications.mute_for_user", "A275", "PUT", USER_MUTES,
       "Mute notification categories for yourself in the managing organisation", *MEMBER_OR_SU,
       request=MutedCategories, response=MutedCategories, object_rule=NEEDS_MANAGING, errors=(409,)),
)  # fmt: skip
