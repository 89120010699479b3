"""Request and response models of the alerts service's routes, with the seed's limits.

Addresses are checked by the domain (``alerts.domain.addresses``), which knows the method's type even when an
update does not send it, and never echoes a Slack webhook back in an error.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

AlertType = Literal["email", "slack"]
MethodName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=65)]
NAME_HELP = "1–65 characters, trimmed"
TYPE_HELP = "email or slack"
PARAMETERS_HELP = (
    "1–50 addresses: email addresses for email, Slack incoming-webhook URLs "
    "(https://hooks.slack.com/services/T…/B…/…) for slack; duplicates are dropped"
)
SHOWN_HELP = "the addresses; a Slack webhook's secret part is never shown (********)"


class Strict(BaseModel):
    """A request body: a field the model does not know is an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class CreateAlertMethod(Strict):
    name: MethodName = Field(description=NAME_HELP)
    alert_type: AlertType = Field(description=TYPE_HELP)
    notification_parameters: list[str] = Field(description=PARAMETERS_HELP)


class UpdateAlertMethod(Strict):
    """Only the fields sent change; at least one must be. A new alert_type needs its notification_parameters."""

    name: MethodName | None = Field(None, description=NAME_HELP)
    alert_type: AlertType | None = Field(None, description=TYPE_HELP)
    notification_parameters: list[str] | None = Field(None, description=PARAMETERS_HELP)

    @model_validator(mode="after")
    def _changes_something(self) -> UpdateAlertMethod:
        if self.name is None and self.alert_type is None and self.notification_parameters is None:
            raise ValueError("send name, alert_type, notification_parameters or several")
        return self


class AlertMethodView(BaseModel):
    id: uuid.UUID
    name: str
    alert_type: AlertType
    notification_parameters: list[str] = Field(description=SHOWN_HELP)
    organisation_id: int
    created_at: datetime
    resource_uri: str
