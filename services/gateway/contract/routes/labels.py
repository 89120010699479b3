"""Gateway routes about access labels and the activity log of the managing organisation."""

from __future__ import annotations

from common.access.builder import RouteBuilder, with_schema
from common.access.rules import Route
from gateway.contract.routes.shared import EDITOR_OR_SU, MEMBER_OR_SU, NEEDS_MANAGING, PARAMETERS
from gateway.contract.schemas.lists import ActivityEntry
from gateway.contract.schemas.sources import LabelText, LabelView

_r = RouteBuilder("gateway", PARAMETERS)

LABELS_ROUTES: tuple[Route, ...] = (
    *with_schema(
        _r("labels.list", "A001", "GET", "/api/labels", "Labels of the managing organisation", *MEMBER_OR_SU,
           list_of=LabelView, object_rule=NEEDS_MANAGING, errors=(409,)),
        "labels.schema", "Schema of the labels collection"),
    _r("labels.create", "A002", "POST", "/api/labels", "Create an access label", *EDITOR_OR_SU,
       request=LabelText, response=LabelView, status=201),
    _r("labels.update", "A003", "PATCH", "/api/labels/{label_id}", "Update label text", *EDITOR_OR_SU,
       request=LabelText, response=LabelView, errors=(404,)),
    _r("labels.delete", "A004", "DELETE", "/api/labels/{label_id}", "Delete a label", *EDITOR_OR_SU, status=204,
       object_rule="Refused with 409 while the label is referenced.", errors=(404, 409)),
    *with_schema(
        _r("activity_log.list", "A005", "GET", "/api/activity_log", "Activity log of the managing organisation",
           *MEMBER_OR_SU, list_of=ActivityEntry, object_rule=NEEDS_MANAGING, errors=(409,)),
        "activity_log.schema", "Schema of the activity log"),
)  # fmt: skip
