"""Routes of the Event Center façade (K01–K08, seed 003) at /event-center-api/v3/…: the same event aggregates as
/api/events, in the Event Center's names, paging and problem types (decision 69)."""

from __future__ import annotations

from common.access.builder import RouteBuilder
from common.access.parameters import QueryParameter
from common.access.rules import Route
from common.access.shorthand import SUPERUSER, managing
from scheduler.contract.event_center import (
    CONSTRAINT_VIOLATION,
    CenterEvent,
    CreatedEvents,
    EventCreate,
    EventPage,
    EventUpdate,
    TagPage,
)

ROOT = "/event-center-api/v3"
EVENTS = f"{ROOT}/events"
EVENT = f"{EVENTS}/{{eventId}}"
READERS = (SUPERUSER, managing())
EDITORS = (SUPERUSER, managing("admin", "operator"))
PAGING = (
    QueryParameter("page", "positive_integer", "The page, from 1"),
    QueryParameter("pageSize", "positive_integer", "Records a page: 25 unless given, at most 1000"),
)
LIST_QUERY = (
    QueryParameter("minStart", description="Inclusive lower bound of the start (ISO 8601)"),
    QueryParameter("maxStart", description="Exclusive upper bound of the start"),
    QueryParameter("minEnd", description="Exclusive lower bound of the end"),
    QueryParameter("maxEnd", description="Inclusive upper bound of the end"),
    QueryParameter("tag", description="Events carrying any of these tags (repeat the parameter)"),
    QueryParameter("customerEventId", description="Events with any of these customer ids (repeat the parameter)"),
    *PAGING,
    QueryParameter("sort", description="name|start|end, then asc|desc: e.g. start,desc (default name,asc)"),
)
ACCOUNT = (
    "The account is your managing organisation: its events (a superuser: any event by id). Another tenant's, a "
    "deleted or an unknown event is 404."
)
NEEDS_MANAGING = "A caller with no managing organisation (a superuser may have none) gets 409."
DIALECT = (
    "Errors are problem details (K07); a request breaking a constraint is a Bad Request of type "
    f"{CONSTRAINT_VIOLATION} with errors[] naming each parameter."
)
MOVES = (
    "Changing the times of an event with a source moves its subscriptions timed by it and pushes its "
    "environment's full schedule set, as /api/events does."
)

_r = RouteBuilder("scheduler", {"eventId": "positive_integer"})
CV = CONSTRAINT_VIOLATION

EVENT_CENTER_ROUTES: tuple[Route, ...] = (
    _r("event_center.list", "K01", "GET", EVENTS, "Event Center: list events", *READERS, response=EventPage,
       query=LIST_QUERY, object_rule=f"The account's events: your managing organisation's. {NEEDS_MANAGING}",
       note=DIALECT, errors=(400, 409),
       constraint_violation_type=CV),
    _r("event_center.create", "K02", "POST", EVENTS, "Event Center: create an event (with recurrence)", *EDITORS,
       request=EventCreate, response=CreatedEvents,
       object_rule=f"The events belong to your managing organisation. One with the same name, start and end in it is "
                   f"409 of type "
                   f"/event-center/error-types/duplicate (all the recurrence's events or none). {NEEDS_MANAGING}",
       note=f"Recurrence makes count events, each as long as the first, every HOURLY, DAILY, WEEKLY or MONTHLY "
            f"period (dateutil's rrule); the answer is their array. The event has no source (no subscriptions) "
            f"until it is made through /api/events. {DIALECT}", errors=(409,), constraint_violation_type=CV),
    _r("event_center.get", "K03", "GET", EVENT, "Event Center: get an event", *READERS, response=CenterEvent,
       object_rule=ACCOUNT, note=DIALECT, errors=(404,), constraint_violation_type=CV),
    _r("event_center.update", "K04", "PUT", EVENT, "Event Center: update an event (optimistic locking)", *EDITORS,
       request=EventUpdate, response=CenterEvent,
       object_rule=f"{ACCOUNT} A version other than the event's is 409 of type "
                   f"/event-center/error-types/concurrent-modification; a duplicate 409 of type "
                   f"/event-center/error-types/duplicate.",
       note=f"Every member is replaced by the body's (the native labels, image and source stay). {MOVES} {DIALECT}",
       errors=(404, 409), constraint_violation_type=CV),
    _r("event_center.delete", "K05", "DELETE", EVENT, "Event Center: remove an event", *EDITORS, status=204,
       object_rule=ACCOUNT, note=f"Every subscription to the event goes with it. {DIALECT}", errors=(404,),
       constraint_violation_type=CV),
    _r("event_center.tags", "K06", "GET", f"{ROOT}/tags", "Event Center: list tags", *READERS, response=TagPage,
       query=(*PAGING, QueryParameter("sort", description="name,asc or name,desc")),
       object_rule=f"Every tag the account's events ever used. {NEEDS_MANAGING}", note=DIALECT, errors=(400, 409),
       constraint_violation_type=CV),
)  # fmt: skip
