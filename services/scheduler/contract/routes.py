"""Routes the scheduler owns: schedules of the managing organisation (A197, A198, A203–A206) and events (A119–A123)."""

from __future__ import annotations

from common.access.builder import RouteBuilder, with_schema
from common.access.rules import Route
from common.access.shorthand import AGENT, AUTHENTICATED, CLOUD_WORKER, SUPERUSER, active, managing
from scheduler.contract.event_center_routes import EVENT_CENTER_ROUTES
from scheduler.contract.event_schemas import ChangeSubscription, CreateEvent, EventView, Subscribe, UpdateEvent
from scheduler.contract.history import OutputSessionView
from scheduler.contract.schemas import (
    CreatePermanentSchedule,
    CreateSchedule,
    DisconnectSchedule,
    RefreshSchedules,
    RefreshView,
    ScheduleCommandReply,
    ScheduleDumpView,
    ScheduleRunView,
    ScheduleStatusView,
    ScheduleView,
    UpdateSchedule,
)

SCHEDULES = "/api/schedules"
SCHEDULE = f"{SCHEDULES}/{{schedule_id}}"
MEMBER_OR_SU = (SUPERUSER, managing())
EDITOR_OR_SU = (SUPERUSER, managing("admin", "operator"))
NEEDS_MANAGING = "A caller with no managing organisation (a superuser may have none) gets 409."
OWN_SCHEDULE = (
    "The schedule was made by your managing organisation, the output's taker (a superuser: any); another "
    "tenant's, a deleted or an unknown one is 404."
)
GUESTS_LATER = (
    "Simplest rule first: the output is taken by, and the input belongs to, your managing organisation; inputs seen "
    "through source invitations come in a later stage."
)
PUSHED = "The environment's full schedule set is recomputed and pushed to its agent (cenv.ApplyScheduleSet)."

ENV_SCHEDULES = "/api/customer_environment/{environment_id}/schedules"
REFRESH = (
    "The environment's full set is recomputed (who starts and who does not) and pushed; when it did not change, "
    "the newest set is pushed again. An environment the scheduler does not know is 404."
)

EVENTS = "/api/events"
EVENT = f"{EVENTS}/{{event_id}}"
OWN_EVENT = (
    "The event belongs to your managing organisation (a superuser: any); another tenant's, a deleted or an unknown "
    "one is 404."
)
EVENT_WRITE = (
    "The input is one of your managing organisation's (a superuser: the input's owner), on a running environment "
    "(an unknown input is 404, an environment not running 409); labels are your organisation's (else 400 naming "
    "label_ids); the end comes after the start (400). The image is checked by decoding it (400 naming image)."
)
MOVES = (
    "Changing the times moves every subscription timed by the event (and a changed input becomes theirs), and "
    "their environment's full schedule set is pushed in the same transaction; a move that would make a "
    "subscription overlap another schedule of its output is 409 naming it, and nothing changes."
)

SUBSCRIPTIONS = "/api/event_subscriptions"
SHOWN = (
    "Your managing organisation takes the output and is shown the event: it owns it, or a registered invitation "
    "from the owner shows it all events or grants one of the event's labels (a superuser: any event); otherwise 404 "
    "naming event_id. The output must be on the event's environment (an unknown output 404, another environment's "
    "400), and free for the window (else 409 naming the other schedule)."
)
LISTED = (
    "Listed, read and deleted as schedules (/api/schedules, is_event_subscription true). Timed by the event owner, "
    f"it moves whenever the event's times do. {PUSHED}"
)

ENV_INPUT = "/api/customer_environment/{environment_id}/inputs/{input_id}"
ENV_OUTPUT = "/api/customer_environment/{environment_id}/outputs/{output_id}"
HISTORY = (
    "Every schedule (past, running and to come; deleted ones left out), newest start first unless ordered otherwise. "
    "An unknown input or output, or one you may not see, gives an empty page."
)

_r = RouteBuilder("scheduler", {"schedule_id": "uuid", "environment_id": "uuid", "event_id": "uuid",
                                "input_id": "text", "output_id": "text"})  # fmt: skip

ROUTES: tuple[Route, ...] = (
    *with_schema(
        _r("schedules.list", "A197", "GET", SCHEDULES, "Schedules of the managing organisation", *MEMBER_OR_SU,
           list_of=ScheduleView, object_rule=f"Deleted schedules are left out. {NEEDS_MANAGING}",
           note="Filtered by the managing organisation, a superuser's too.", errors=(409,)),
        "schedules.schema", "Schema of the schedules collection"),
    *with_schema(
        _r("schedules.overview", "A199", "GET", "/api/schedule_overview", "Schedule overview of the active environment",
           SUPERUSER, active(), list_of=ScheduleView,
           object_rule="The schedules (of every taker) on your active environment, which belongs to your active "
                       "organisation (a superuser: any); another tenant's is 404; without an active environment the "
                       "page is empty.",
           note="The period is chosen with the list filters, e.g. `end_time__gt=<from>&start_time__lt=<to>` for "
                "every schedule that runs at some instant of [from, to).", errors=(404,)),
        "schedules.overview_schema", "Schema of the schedule overview"),
    _r("schedules.create", "A198", "POST", SCHEDULES, "Create a schedule entry", *EDITOR_OR_SU,
       request=CreateSchedule, response=ScheduleView, status=201,
       object_rule=f"An unknown output is 404; an input not on the output's environment is 400; the output used by "
                   f"another schedule at some instant of the window is 409 naming it. {NEEDS_MANAGING}",
       note=f"{GUESTS_LATER} {PUSHED}", errors=(404, 409)),
    _r("schedules.create_permanent", "A106", "POST", "/api/permanent_schedules", "Schedule a permanent output",
       *EDITOR_OR_SU, request=CreatePermanentSchedule, response=ScheduleView, status=201,
       object_rule=f"An unknown output is 404; an output not bound to a permanent-schedule agreement (streams, "
                   f"agreement_id at creation; billing assigned it) is 400 naming output_id, one whose agreement "
                   f"expired 409; an input not on the output's environment, without a maximum bitrate or over the "
                   f"agreement's bitrate is 400 naming input_id; the output used by another schedule at some "
                   f"instant of the window is 409 naming it. {NEEDS_MANAGING}",
       note=f"The schedule runs from its start (now when left out) until the agreement expires, and leaves the set "
            f"when the agreement is released or finishes; it comes first for the environment's capacity. {PUSHED}",
       errors=(404, 409)),
    *with_schema(
        _r("schedules.input_history", "A076", "GET", f"{ENV_INPUT}/schedules", "Schedule history of an input",
           *MEMBER_OR_SU, list_of=ScheduleView,
           object_rule="The schedules feeding from the input, whose owner is your managing organisation (a "
                       "superuser: any owner's); a destination taker that does not own the input sees none of them.",
           note=HISTORY, errors=(404,)),
        "schedules.input_history_schema", "Schema of an input's schedule history"),
    *with_schema(
        _r("schedules.output_history", "A108", "GET", f"{ENV_OUTPUT}/schedules", "Schedule history of an output",
           *MEMBER_OR_SU, list_of=ScheduleView,
           object_rule="The schedules of the output, taken by your managing organisation (a superuser: any "
                       "taker's).", note=HISTORY, errors=(404,)),
        "schedules.output_history_schema", "Schema of an output's schedule history"),
    *with_schema(
        _r("history.schedule_runs", "P09", "GET", "/api/history/schedule_runs", "History of finished schedule runs",
           *MEMBER_OR_SU, list_of=ScheduleRunView,
           object_rule=f"The runs of your managing organisation's schedules (a superuser: every organisation's). "
                       f"{NEEDS_MANAGING}",
           note="The newest 10,000 runs of each organisation are kept (SWITCHYARD_HISTORY_KEEP), the oldest evicted; "
                "newest first. Filters on "
                "the run's fields (e.g. end_time__gte) and on related rows: environment__state, "
                "environment__organisation_id (the environment's owner).", errors=(409,)),
        "history.schedule_runs_schema", "Schema of the schedule run history"),
    *with_schema(
        _r("history.output_sessions", "P09", "GET", "/api/history/output_sessions",
           "History of output sessions (call detail records)", *MEMBER_OR_SU, list_of=OutputSessionView,
           object_rule=f"The sessions of your managing organisation's schedules (a superuser: every "
                       f"organisation's). {NEEDS_MANAGING}",
           note="Each period an output was fed for a schedule, as the environment's agent reported it when it "
                "stopped (cenv.OutputSessionEnded), with its duration, why it stopped and the media streams it "
                "carried. The newest 10,000 sessions of each organisation are kept (SWITCHYARD_HISTORY_KEEP), the "
                "oldest evicted; newest first. Filters on the session's fields (e.g. end_time__gte) and on its media "
                "streams (e.g. media_streams__tx_packet_loss__gte: some stream of the session matches). A session "
                "whose agent died before reporting it (the agent announces each as it starts) is ended by the "
                "scheduler, without media streams, when the agent reports again under another boot (disconnected) "
                "or the environment stops (environment_stopped); the agent's own report, if it comes after all, "
                "replaces it.", errors=(409,)),
        "history.output_sessions_schema", "Schema of the output session history"),
    _r("commands.disconnect_schedule", "P10", "POST", "/api/command/v1/schedule/disconnect",
       "Disconnect a running schedule", *EDITOR_OR_SU, request=DisconnectSchedule, response=ScheduleCommandReply,
       object_rule=f"{OWN_SCHEDULE} A schedule not running, or an event subscription (delete it instead), is 409 "
                   f"naming schedule_id.",
       note=f"Its entry stops now and the schedule stays, finished (its run is 'disconnected' in the history, "
            f"P09). Answers {{status: success, message, data: the schedule}}; errors are problem details. {PUSHED}",
       errors=(404, 409)),
    _r("schedules.get", "A203", "GET", SCHEDULE, "Get schedule info", *MEMBER_OR_SU, response=ScheduleView,
       object_rule=OWN_SCHEDULE, errors=(404,)),
    _r("schedules.update", "A204", "PATCH", SCHEDULE, "Update schedule entry", *EDITOR_OR_SU,
       request=UpdateSchedule, response=ScheduleView,
       object_rule=f"{OWN_SCHEDULE} A finished schedule, or an overlap with another schedule of the output, is 409.",
       note=f"Source and destination cannot change. {PUSHED}", errors=(404, 409)),
    _r("schedules.delete", "A205", "DELETE", SCHEDULE, "Delete schedule", *EDITOR_OR_SU, status=204,
       object_rule=OWN_SCHEDULE, note=PUSHED, errors=(404,)),
    _r("schedules.status", "A206", "GET", f"{SCHEDULE}/status", "Get schedule status", *MEMBER_OR_SU,
       response=ScheduleStatusView, object_rule=OWN_SCHEDULE, errors=(404,)),
    _r("schedules.refresh", "A200", "POST", f"{ENV_SCHEDULES}/refresh", "Request schedule refresh", AGENT,
       request=RefreshSchedules, response=RefreshView,
       object_rule=f"Only the environment's own agent; another environment is 404. {REFRESH}",
       note="Called by the agent as its scheduler starts. When it names the instance type its machine now runs on (a "
            "scale up or down), the scheduler notes it and that type's capacity decides who starts (permanent "
            "schedules first, then by start, then by creation); a type the environment's cloud provider does not "
            "have is 400 naming instance_type.", errors=(400, 404)),
    _r("schedules.worker_refresh", "A201", "POST", f"{ENV_SCHEDULES}/worker_refresh",
       "Request schedule refresh from worker", CLOUD_WORKER, response=RefreshView, object_rule=REFRESH,
       errors=(404,)),
    *with_schema(
        _r("events.list", "A119", "GET", EVENTS, "Events for administration", *EDITOR_OR_SU, list_of=EventView,
           object_rule=f"The live events of your managing organisation (deleted ones left out). {NEEDS_MANAGING}",
           note="For managing events: not the events a destination taker may take.", errors=(409,)),
        "events.schema", "Schema of the events collection"),
    _r("events.create", "A120", "POST", EVENTS, "Create an event for a source on a running environment",
       *EDITOR_OR_SU, request=CreateEvent, response=EventView, status=201,
       object_rule=f"{EVENT_WRITE} {NEEDS_MANAGING}", errors=(404, 409)),
    _r("events.update", "A121", "PUT", EVENT, "Update an event for a source on a running environment",
       *EDITOR_OR_SU, request=UpdateEvent, response=EventView,
       object_rule=f"{OWN_EVENT} {EVENT_WRITE} The input may change only to another input of the event's "
                   f"environment (else 400 naming input_id): delete the event and create another there. An event "
                   f"made through the Event Center façade has no source until an update names an input of the "
                   f"organisation on a running environment: it then takes that input and its environment, once.",
       note=MOVES, errors=(404, 409)),
    _r("events.delete", "A122", "DELETE", EVENT, "Delete event", *EDITOR_OR_SU, status=204, object_rule=OWN_EVENT,
       note=f"Every subscription to the event goes with it. {PUSHED}", errors=(404,)),
    _r("events.image", "A123", "GET", f"{EVENT}/image", "Get the image of an event", AUTHENTICATED,
       response_media_type="image/png",
       object_rule="Any member of the event's organisation, any member of an organisation it invited whose "
                   "invitation shows all events or grants one of the event's labels, or a superuser; the check "
                   "runs across ALL organisations you belong to, not only the active one. Otherwise, or without "
                   "an image, 404.", errors=(404,)),
    _r("subscriptions.create", "A124", "POST", SUBSCRIPTIONS, "Create event subscription (consume an event)",
       *EDITOR_OR_SU, request=Subscribe, response=ScheduleView, status=201,
       object_rule=f"{SHOWN} {NEEDS_MANAGING} An event without a source yet (made through the Event Center "
                   f"façade): 409.", note=LISTED, errors=(404, 409)),
    _r("subscriptions.update", "A125", "PUT", f"{SUBSCRIPTIONS}/{{schedule_id}}", "Update event subscription",
       *EDITOR_OR_SU, request=ChangeSubscription, response=ScheduleView,
       object_rule=f"{OWN_SCHEDULE} A schedule that is no event subscription is 404. {SHOWN}", note=LISTED,
       errors=(404, 409)),
    _r("schedules.dump", "A202", "GET", f"{ENV_SCHEDULES}/dump", "Dump scheduler state", SUPERUSER,
       response=ScheduleDumpView,
       object_rule="Asks the environment's agent for its live schedule state (cenv.DumpScheduleState, a few seconds "
                   "at most) and answers it beside the scheduler's own view; an unknown environment is 404.",
       note="For debugging only: the seed names no role, read as staff (superuser) only.", errors=(404,)),
    *EVENT_CENTER_ROUTES,
)  # fmt: skip
