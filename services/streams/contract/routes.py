"""Routes the streams service owns: dashboard groups of the managing organisation (A040–A043), inputs and outputs."""

from __future__ import annotations

from common.access.builder import RouteBuilder, with_schema
from common.access.rules import Route
from common.access.shorthand import SUPERUSER, managing
from streams.contract.channel_routes import CHANNEL_ROUTES
from streams.contract.input_routes import INPUT_ROUTES
from streams.contract.output_routes import OUTPUT_ROUTES
from streams.contract.schemas import CreateDashboardGroup, DashboardGroupView, UpdateDashboardGroup
from streams.contract.statistics_routes import STATISTICS_ROUTES
from streams.contract.status import STATUS_ROUTES

GROUPS = "/api/dashboard_groups"
GROUP = f"{GROUPS}/{{group_id}}"
MEMBER_OR_SU = (SUPERUSER, managing())
EDITOR_OR_SU = (SUPERUSER, managing("admin", "operator"))
NEEDS_MANAGING = "A caller with no managing organisation (a superuser may have none) gets 409."
OWN_GROUP = f"The group belongs to your managing organisation; another tenant's, or none, is 404. {NEEDS_MANAGING}"
A043_RULE = "The seed gives A043's rule (superuser, admin and operator of the managing organisation) to A041–A043."

_r = RouteBuilder("streams", {"group_id": "uuid"})

ROUTES: tuple[Route, ...] = (
    *with_schema(
        _r("dashboard_groups.list", "A040", "GET", GROUPS, "Dashboard groups of the managing organisation",
           *MEMBER_OR_SU, list_of=DashboardGroupView, object_rule=NEEDS_MANAGING,
           note="The seed names no role; read as for labels (A001): members of the managing organisation.",
           errors=(409,)),
        "dashboard_groups.schema", "Schema of the dashboard groups collection"),
    _r("dashboard_groups.create", "A041", "POST", GROUPS, "Create a dashboard group in the managing organisation",
       *EDITOR_OR_SU, request=CreateDashboardGroup, response=DashboardGroupView, status=201,
       object_rule=f"A name already used in the organisation: 409. {NEEDS_MANAGING}", note=A043_RULE, errors=(409,)),
    _r("dashboard_groups.update", "A042", "PATCH", GROUP, "Update a dashboard group", *EDITOR_OR_SU,
       request=UpdateDashboardGroup, response=DashboardGroupView,
       object_rule=f"{OWN_GROUP} A name already used in the organisation: 409.", note=A043_RULE, errors=(404, 409)),
    _r("dashboard_groups.delete", "A043", "DELETE", GROUP, "Delete a dashboard group", *EDITOR_OR_SU, status=204,
       object_rule=OWN_GROUP, errors=(404, 409)),
    *INPUT_ROUTES,
    *OUTPUT_ROUTES,
    *STATISTICS_ROUTES,
    *CHANNEL_ROUTES,
    *STATUS_ROUTES,
)  # fmt: skip
