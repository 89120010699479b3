"""Routes of alerts on inputs and outputs (A045–A054, A071, A104) and of the alert set an agent fetches (A114)."""

from __future__ import annotations

from alerts.contract.alerts import (
    AlertableEndpoints,
    AlertAction,
    AlertIds,
    AlertList,
    AlertSetView,
    AlertView,
    CreateAlerts,
    CurrentAlerts,
    UpdateAlert,
)
from alerts.contract.routes import EDITOR_OR_SU, NEEDS_MANAGING
from common.access.builder import RouteBuilder
from common.access.rules import Route
from common.access.shorthand import AGENT, GUEST, SUPERUSER, active, managing

ALERTS = "/api/alerts"
ALERT = f"{ALERTS}/{{alert_id}}"
ENV = "/api/customer_environment/{environment_id}"
YOURS = (
    "The alert is on an environment of your managing organisation, or your managing organisation made it (a guest "
    "on its output); anyone else's, or none, is 404."
)
ALL_YOURS = f"Every id must be such an alert (else 404 naming none, and nothing changes). {YOURS}"
PUSHED = "The environment's full alert set is recomputed and pushed to its agent (cenv.ApplyAlertSet)."
ON_CREATE = (
    "Inputs: on an environment of your managing organisation, or (a guest) inputs the owner's source invitation "
    "shows your managing organisation (registered, with show_all_channels, per environment where it says so, or a "
    "grant of the input); outputs: those your managing organisation takes on it. An unknown environment, input or "
    "output (or one not shown to you) is 404, an alert method not yours is 404 naming alert_method_id. One alert "
    "per input and output, answered in that order."
)
WITHDRAWN = (
    "A guest's alerts on an input go when no source invitation shows it the input any more (invitation deleted or "
    "unregistered, grant revoked, channels hidden), within a sweep; on an output, with the output."
)
MUTING = "Muting stops messages and notifications, not evaluation; a muted alert leaves the agent's set."

_r = RouteBuilder("alerts", {"alert_id": "uuid", "environment_id": "uuid", "input_id": "text", "output_id": "text"})

ALERT_ROUTES: tuple[Route, ...] = (
    _r("alerts.current", "A045", "GET", f"{ALERTS}/current", "Current alerts", *EDITOR_OR_SU, response=CurrentAlerts,
       object_rule=f"Alerts on your managing organisation's environments or made by it, environment → inputs / "
                   f"outputs → alerts. {NEEDS_MANAGING}", errors=(409,)),
    _r("alerts.create", "A046", "POST", ALERTS, "Create alerts on inputs and/or outputs", *EDITOR_OR_SU,
       request=CreateAlerts, response=AlertList, status=201, object_rule=f"{ON_CREATE} {NEEDS_MANAGING}",
       note=f"source_id and destination_id are deprecated aliases of input_ids and output_ids. {PUSHED} {WITHDRAWN}",
       errors=(404, 409)),
    _r("alerts.delete_for_environment", "A047", "DELETE", f"{ENV}/alerts", "Delete alerts by environment",
       *EDITOR_OR_SU, status=204,
       object_rule="Every alert on the environment's inputs if it is your managing organisation's (a guest: those "
                   "it made on inputs shown to it), and every alert on outputs you take there (destination alerts go "
                   f"by taker). {NEEDS_MANAGING}",
       note=PUSHED, errors=(409,)),
    _r("alerts.delete_many", "A048", "POST", f"{ALERTS}/delete", "Delete multiple alerts", *EDITOR_OR_SU,
       request=AlertIds, status=204, object_rule=f"{ALL_YOURS} {NEEDS_MANAGING}", note=PUSHED, errors=(404, 409)),
    _r("alerts.endpoints", "A049", "GET", f"{ALERTS}/endpoints", "Inputs and outputs for alerts from the active "
       "environment", SUPERUSER, active(), GUEST, response=AlertableEndpoints,
       object_rule="The active environment belongs to your active organisation: its members see every input and "
                   "output on it, a guest exactly the inputs the owner's source invitation shows its managing "
                   "organisation and the outputs that organisation takes there; no active environment (or "
                   "another's): empty lists.", errors=()),
    _r("alerts.mute_many", "A050", "POST", f"{ALERTS}/mute", "Mute multiple alerts", *EDITOR_OR_SU,
       request=AlertIds, status=204, object_rule=f"{ALL_YOURS} {NEEDS_MANAGING}", note=f"{MUTING} {PUSHED}",
       errors=(404, 409)),
    _r("alerts.unmute_many", "A051", "POST", f"{ALERTS}/unmute", "Unmute multiple alerts", *EDITOR_OR_SU,
       request=AlertIds, status=204, object_rule=f"{ALL_YOURS} {NEEDS_MANAGING}", note=PUSHED, errors=(404, 409)),
    _r("alerts.update", "A052", "PATCH", ALERT, "Update alert parameters", *EDITOR_OR_SU, request=UpdateAlert,
       response=AlertView, object_rule=f"{YOURS} {NEEDS_MANAGING}", note=PUSHED, errors=(404, 409)),
    _r("alerts.delete", "A053", "DELETE", ALERT, "Delete single alert", *EDITOR_OR_SU, status=204,
       object_rule=f"{YOURS} {NEEDS_MANAGING}",
       note=f"The owner's admins and operators, or those of the guest organisation that made it. {PUSHED}",
       errors=(404, 409)),
    _r("alerts.activate", "A054", "POST", f"{ALERT}/status", "Activate or deactivate an alert", *EDITOR_OR_SU,
       request=AlertAction, response=AlertView, object_rule=f"{YOURS} {NEEDS_MANAGING}",
       note="A deactivated (paused) alert is kept as a record but not evaluated; an ongoing episode is cleared. "
            + PUSHED, errors=(404, 409)),
    _r("alerts.of_input", "A071", "GET", f"{ENV}/inputs/{{input_id}}/alerts", "Alerts of an input", SUPERUSER,
       active(), response=AlertList,
       object_rule="The input belongs to your active organisation (a superuser: any); else an empty list.",
       errors=()),
    _r("alerts.of_output", "A104", "GET", f"{ENV}/outputs/{{output_id}}/alerts", "Alerts of an output", SUPERUSER,
       managing(), response=AlertList,
       object_rule="The output is taken by your managing organisation, the owner's or a guest (a superuser: any); "
                   "else an empty list.", errors=(409,)),
    _r("alerts.agent_set", "A114", "POST", f"{ENV}/alerts/refresh", "Push alerts to c_envs", AGENT,
       response=AlertSetView,
       object_rule="Only the environment's own agent; another environment is 404. The set (non-muted, non-deleted "
                   "alerts) is recomputed and pushed; unchanged, the newest is pushed again.",
       note="Called by the agent as it starts; every change is pushed anyway.", errors=(404,)),
)  # fmt: skip
