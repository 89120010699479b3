"""Routes of inputs' and outputs' statistics (A073, A075, A105, A107) and of the bitrate guard of an input's c_env
(A084, A085), under the environment the endpoint is on."""

from __future__ import annotations

from common.access.builder import RouteBuilder
from common.access.rules import Route
from common.access.shorthand import AGENT, SUPERUSER, active, managing
from streams.contract.statistics import GuardReport, GuardView, StatisticsView

ENV = "/api/customer_environment/{environment_id}"
INPUT = f"{ENV}/inputs/{{input_id}}"
OUTPUT = f"{ENV}/outputs/{{output_id}}"
LIVE = (
    "Asks the environment's agent now, waiting a short while (SWITCHYARD_STATISTICS_QUERY_SECONDS); without an "
    "answer, the last sample it sent, with its age and `stale: true`."
)
RESET = "Sent to the environment's agent, which zeroes the counters (packets, dropped, uptime); 202."
NOT_RUNNING = "An environment that is not running is 409."
AGENT_ONLY = (
    "Only the agent of the input's own environment; any other environment's agent gets 404. Said once: an input "
    "already marked changes nothing (starting the input clears the mark)."
)

_r = RouteBuilder("streams", {"environment_id": "uuid", "input_id": "text", "output_id": "text"})

STATISTICS_ROUTES: tuple[Route, ...] = (
    _r("inputs.statistics", "A073", "GET", f"{INPUT}/statistics", "Most recent statistics of an input",
       SUPERUSER, active(), response=StatisticsView,
       object_rule="The input belongs to your active organisation (a superuser: any); else 404.", note=LIVE,
       errors=(404,)),
    _r("inputs.reset_statistics", "A075", "POST", f"{INPUT}/statistics/reset", "Reset the statistics of an input",
       SUPERUSER, active("admin", "operator"), status=202,
       object_rule=f"The input belongs to your active organisation (a superuser: any); else 404. {NOT_RUNNING}",
       note=f"The seed's 'for the organisation', read as the active one (as for A063). {RESET}", errors=(404, 409)),
    _r("inputs.mark_stopped", "A084", "POST", f"{INPUT}/mark_stopped", "Mark input stopped", AGENT,
       request=GuardReport, response=GuardView, object_rule=AGENT_ONLY,
       note="The agent stopped the input: its bitrate exceeded max_allowed_bitrate_kbps. The owner's users are "
            "notified. The agent also reports this over the bus (cenv.InputStoppedOverBitrate).",
       errors=(404,)),
    _r("inputs.warn_running_hot", "A085", "POST", f"{INPUT}/running_hot", "Warn input running hot", AGENT,
       request=GuardReport, response=GuardView, object_rule=AGENT_ONLY,
       note="Every user of the owning organisation is notified. The agent also reports this over the bus "
            "(cenv.InputRunningHot).",
       errors=(404,)),
    _r("outputs.statistics", "A105", "GET", f"{OUTPUT}/statistics", "Most recent statistics of an output",
       SUPERUSER, active(), response=StatisticsView,
       object_rule="The output's taker is your active organisation (a superuser: any); else 404.", note=LIVE,
       errors=(404,)),
    _r("outputs.reset_statistics", "A107", "POST", f"{OUTPUT}/statistics/reset", "Reset the statistics of an output",
       SUPERUSER, managing("admin", "operator"), status=202,
       object_rule="The output's taker (the environment's organisation or a guest of it) is your managing "
                   f"organisation (a superuser: any); else 404. {NOT_RUNNING}",
       note=RESET, errors=(404, 409)),
)  # fmt: skip
