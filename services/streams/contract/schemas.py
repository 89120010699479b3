"""Request and response models of the streams service's routes, with the seed's limits."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

GroupType = Literal["source", "destination", "mv", "transcoder"]
GroupName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
NAME_HELP = "1–100 characters, trimmed; unique in the organisation, ignoring case and Unicode compatibility forms"
TYPE_HELP = "what the group gathers on the map: source, destination, mv (multi-viewer) or transcoder"


class Strict(BaseModel):
    """A request body: a field the model does not know is an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class CreateDashboardGroup(Strict):
    name: GroupName = Field(description=NAME_HELP)
    group_type: GroupType = Field(description=TYPE_HELP)


class UpdateDashboardGroup(Strict):
    """Only the fields sent change; at least one must be."""

    name: GroupName | None = Field(None, description=NAME_HELP)
    group_type: GroupType | None = Field(None, description=TYPE_HELP)

    @model_validator(mode="after")
    def _changes_something(self) -> UpdateDashboardGroup:
        if self.name is None and self.group_type is None:
            raise ValueError("send name, group_type or both")
        return self


class DashboardGroupView(BaseModel):
    id: uuid.UUID
    name: str
    group_type: GroupType
    organisation_id: int
    created_at: datetime
    resource_uri: str
