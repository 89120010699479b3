"""Models of source invitations, their grants and labels, with the seed's limits."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from gateway.contract.schemas.base import Strict


class CreateSourceInvitation(Strict):
    destination_temporary_name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=30)]


class CreatedSourceInvitation(BaseModel):
    id: uuid.UUID
    source_organisation_id: int
    destination_temporary_name: str
    source_invitation_token: str = Field(description="Shown once; give it to the guest organisation")
    resource_uri: str


class AcceptSourceInvitation(Strict):
    source_invitation_token: Annotated[str, StringConstraints(min_length=16, max_length=128)]


class EnvironmentSettingsView(BaseModel):
    environment_id: uuid.UUID
    show_all_channels: bool | None = Field(description="None: the invitation's show_all_channels applies")
    max_destinations: int | None = Field(description="None: the invitation's global_max_destinations applies")


class SourceInvitationView(BaseModel):
    id: uuid.UUID
    source_organisation_id: int
    guest_organisation_id: int | None
    destination_temporary_name: str
    status: Literal["pending", "accepted"]
    show_all_channels: bool
    show_all_events: bool
    billing_source: Literal["source_owner", "destination_taker"]
    registered: bool
    global_max_destinations: int
    input_ids: list[str]
    label_ids: list[uuid.UUID]
    environments: list[EnvironmentSettingsView]
    created_at: datetime
    accepted_at: datetime | None
    resource_uri: str


class UpdateSourcePermissions(Strict):
    show_all_channels: bool | None = None
    show_all_events: bool | None = None
    billing_source: Literal["source_owner", "destination_taker"] | None = None
    registered: bool | None = None
    global_max_destinations: int | None = Field(None, ge=1, le=10)


class GrantInput(Strict):
    input_id: Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:-]+$")]
    environment_id: uuid.UUID | None = None


class InputGrantView(BaseModel):
    invitation_id: uuid.UUID
    input_id: str
    environment_id: uuid.UUID | None
    resource_uri: str


class GrantLabel(Strict):
    label_id: uuid.UUID


class LabelGrantView(BaseModel):
    invitation_id: uuid.UUID
    label_id: uuid.UUID
    resource_uri: str


class ChannelVisibility(Strict):
    show_all_channels: bool


class MaxDestinations(Strict):
    max_destinations: int = Field(ge=1, le=10)
    environment_id: uuid.UUID | None = Field(None, description="Only for this environment; else the global maximum")


class LabelText(Strict):
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class LabelView(BaseModel):
    id: uuid.UUID
    organisation_id: int
    text: str
    created_at: datetime
    resource_uri: str
