"""Request and response models of the alert routes (A045–A054, A071, A104, A114), with the seed's values.

The combination rules (how many values an operator takes, a metric's bounds, durations) are the domain's
(``alerts.domain.rules``), which also sees an update's fields against those it keeps.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AliasChoices, BaseModel, Field, StringConstraints, model_validator

from alerts.contract.rules import METRIC_HELP, OPERATOR_HELP, Metric, Operator, Repeat, Side, Status, TimeRange
from alerts.contract.schemas import Strict
from cenv_agent.contract.alerts import AlertEntry

MAX_ENDPOINTS = 100
MAX_IDS = 500
EndpointId = Annotated[str, StringConstraints(min_length=1, max_length=100)]
AlertName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=65)]
Duration = Annotated[str, StringConstraints(min_length=2, max_length=12, pattern=r"^(\d+h)?(\d+m)?(\d+s)?$")]
VALUE_HELP = f"the values the operator needs: {OPERATOR_HELP}"
CHECK_HELP = 'how often the alert looks, e.g. "1m", "3h" or "1h30m" (at least 10s)'
AFTER_HELP = 'how long it must be ongoing before it is said, e.g. "15s", "5m", "1h"; null: at once'
REPEAT_HELP = 'how often an ongoing alert is said again ("7m30m" is the seed\'s spelling of 7h30m)'
AFTER = AliasChoices("alert_after", "alert_after_time")


class CreateAlerts(Strict):
    """One alert per input and per output named, all on ``environment_id``."""

    environment_id: uuid.UUID
    input_ids: list[EndpointId] = Field(default_factory=list, max_length=MAX_ENDPOINTS)
    output_ids: list[EndpointId] = Field(default_factory=list, max_length=MAX_ENDPOINTS)
    source_id: EndpointId | None = Field(None, description="deprecated: one input id (use input_ids)")
    destination_id: EndpointId | None = Field(None, description="deprecated: one output id (use output_ids)")
    name: AlertName | None = Field(None, description="1–65 characters; absent: named after its rule")
    alert_on_query: Metric = Field(description=METRIC_HELP)
    query_param: Operator = Field(description=OPERATOR_HELP)
    query_value: list[float] = Field(default_factory=list, max_length=2, description=VALUE_HELP)
    query_time_range: TimeRange = Field(description="the window the metric is averaged over")
    alert_check_frequency: Duration = Field(description=CHECK_HELP)
    alert_after: Duration | None = Field(None, validation_alias=AFTER, description=AFTER_HELP)
    alert_repeat: Repeat = Field(description=REPEAT_HELP)
    alert_method_id: uuid.UUID = Field(description="one of your managing organisation's alert methods")

    @model_validator(mode="after")
    def _some_endpoint(self) -> CreateAlerts:
        if not self.inputs and not self.outputs:
            raise ValueError("name at least one input (input_ids) or output (output_ids)")
        return self

    @property
    def inputs(self) -> list[str]:
        return list(dict.fromkeys([*self.input_ids, *([self.source_id] if self.source_id else [])]))

    @property
    def outputs(self) -> list[str]:
        return list(dict.fromkeys([*self.output_ids, *([self.destination_id] if self.destination_id else [])]))


class UpdateAlert(Strict):
    """Only the fields sent change; at least one must be. The whole rule is checked again."""

    name: AlertName | None = None
    alert_on_query: Metric | None = Field(None, description=METRIC_HELP)
    query_param: Operator | None = Field(None, description=OPERATOR_HELP)
    query_value: list[float] | None = Field(None, max_length=2, description=VALUE_HELP)
    query_time_range: TimeRange | None = None
    alert_check_frequency: Duration | None = Field(None, description=CHECK_HELP)
    alert_after: Duration | None = Field(None, validation_alias=AFTER, description=f"{AFTER_HELP}; send null to clear")
    alert_repeat: Repeat | None = Field(None, description=REPEAT_HELP)
    alert_method_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def _changes_something(self) -> UpdateAlert:
        if not self.model_fields_set:
            raise ValueError("send at least one field to change")
        return self


class AlertIds(Strict):
    alert_ids: list[uuid.UUID] = Field(min_length=1, max_length=MAX_IDS, description="1–500 alert ids")


class AlertAction(Strict):
    action: Literal["activate", "deactivate"]


class AlertView(BaseModel):
    id: uuid.UUID
    name: str
    environment_id: uuid.UUID
    side: Side
    input_id: str | None
    output_id: str | None
    alert_on_query: str
    query_param: str
    query_value: list[float]
    query_time_range: str
    alert_check_frequency: str
    alert_after: str | None
    alert_repeat: str
    alert_method_id: uuid.UUID
    muted: bool
    status: Status = Field(description="active, or paused (deactivated: kept, not evaluated)")
    is_alerting: bool = Field(description="an episode is ongoing (raised and not cleared)")
    value: float | None = Field(description="the value at the last raise or clear")
    organisation_id: int = Field(description="the environment's owner")
    created_by_organisation_id: int
    created_at: datetime
    resource_uri: str


class AlertList(BaseModel):
    objects: list[AlertView]


class EndpointAlerts(BaseModel):
    id: str
    alerts: list[AlertView]


class EnvironmentAlerts(BaseModel):
    environment_id: uuid.UUID
    inputs: list[EndpointAlerts]
    outputs: list[EndpointAlerts]


class CurrentAlerts(BaseModel):
    environments: list[EnvironmentAlerts]


class AlertableEndpoints(BaseModel):
    environment_id: uuid.UUID | None
    input_ids: list[str]
    output_ids: list[str]


class AlertSetView(BaseModel):
    version: int = Field(description="the set's version (0: none was ever computed)")
    alerts: list[AlertEntry]
