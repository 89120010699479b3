"""Routes the alerts service owns: alert methods of the managing organisation (A171–A174)."""

from __future__ import annotations

from alerts.contract.schemas import AlertMethodView, CreateAlertMethod, UpdateAlertMethod
from common.access.builder import RouteBuilder, with_schema
from common.access.rules import Route
from common.access.shorthand import SUPERUSER, managing

METHODS = "/api/alert_methods"
METHOD = f"{METHODS}/{{method_id}}"
MEMBER_OR_SU = (SUPERUSER, managing())
EDITOR_OR_SU = (SUPERUSER, managing("admin", "operator"))
NEEDS_MANAGING = "A caller with no managing organisation (a superuser may have none) gets 409."
OWN_METHOD = f"The method belongs to your managing organisation; another tenant's, or none, is 404. {NEEDS_MANAGING}"
IN_USE = (
    "A method that alerts (not deleted) use is refused with 409 naming how many; delete or change them first. A "
    "creation racing the deletion either makes its alert (and the deletion is refused) or finds no method (404)."
)

_r = RouteBuilder("alerts", {"method_id": "uuid"})

ROUTES: tuple[Route, ...] = (
    *with_schema(
        _r("alert_methods.list", "A171", "GET", METHODS, "Alert methods of the managing organisation",
           *MEMBER_OR_SU, list_of=AlertMethodView, object_rule=NEEDS_MANAGING,
           note="The seed names no role; read as for labels (A001): members of the managing organisation.",
           errors=(409,)),
        "alert_methods.schema", "Schema of the alert methods collection"),
    _r("alert_methods.create", "A172", "POST", METHODS, "Create an alert method in the managing organisation",
       *EDITOR_OR_SU, request=CreateAlertMethod, response=AlertMethodView, status=201,
       object_rule=f"An organisation deleted meanwhile: 404. {NEEDS_MANAGING}", errors=(404, 409)),
    _r("alert_methods.update", "A173", "PATCH", METHOD, "Update an alert method", *EDITOR_OR_SU,
       request=UpdateAlertMethod, response=AlertMethodView, object_rule=OWN_METHOD, errors=(404, 409)),
    _r("alert_methods.delete", "A174", "DELETE", METHOD, "Delete an alert method", *EDITOR_OR_SU, status=204,
       object_rule=OWN_METHOD, note=IN_USE, errors=(404, 409)),
)  # fmt: skip
