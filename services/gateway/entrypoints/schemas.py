"""Request and response models of the gateway's own routes, with the seed's limits."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

Permission = Literal["admin", "operator", "monitor"]
Name150 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=150)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginRequest(Strict):
    email: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=254)]
    password: str = Field(min_length=1, max_length=1024)


class TokenResponse(BaseModel):
    jwt_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int


class CreateOrganisation(Strict):
    name: Name150


class UpdateOrganisation(Strict):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=150)] | None = None
    currency: Literal["usd", "gbp", "eur"] | None = None
    purchase_order_number: Annotated[str, StringConstraints(max_length=100)] | None = None


class OrganisationView(BaseModel):
    id: int
    name: str
    currency: str
    purchase_order_number: str | None
    payment_method: str
    root_user_id: uuid.UUID | None
    created_at: datetime
    resource_uri: str


class SwitchOrganisation(Strict):
    organisation_id: int = Field(ge=1, le=2**31 - 1)


class SwitchEnvironment(Strict):
    environment_id: uuid.UUID


class AddUser(Strict):
    email: EmailStr = Field(max_length=254)
    permission_type: Permission = "monitor"


class AddedUser(BaseModel):
    user_id: uuid.UUID
    email: str
    permission_type: Permission
    created: bool
    password: str | None = Field(None, description="Shown once, only when the user was created")


class UpdatePermission(Strict):
    permission_type: Permission | None = None
    enabled: bool = True


class ChangeRoot(Strict):
    user_id: uuid.UUID


class MembershipView(BaseModel):
    organisation_id: int
    organisation_name: str
    permission_type: Permission
    is_root: bool


class PermissionsView(BaseModel):
    is_superuser: bool
    is_accounts_user: bool
    is_accounts_admin: bool
    managing_organisation_id: int | None
    active_organisation_id: int | None
    is_member_of_active_org: bool
    memberships: list[MembershipView]


class UserDetails(BaseModel):
    id: uuid.UUID
    email: str
    name: str
    is_superuser: bool
    is_accounts_user: bool
    is_accounts_admin: bool
    managing_organisation_id: int | None
    managing_organisation_name: str | None
    active_organisation_id: int | None
    active_organisation_name: str | None
    active_environment_id: uuid.UUID | None
    is_member_of_active_org: bool
    is_invitation_suspended: bool | None
    getting_started_seen: bool
    resource_uri: str


class TokenSecret(BaseModel):
    organisation_id: int
    secret: str = Field(description="Shown once; sign generated tokens with it")
    rotated_at: datetime


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


class GrantLabel(Strict):
    label_id: uuid.UUID


class ChannelVisibility(Strict):
    show_all_channels: bool


class MaxDestinations(Strict):
    max_destinations: int = Field(ge=1, le=10)


class LabelText(Strict):
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class LabelView(BaseModel):
    id: uuid.UUID
    organisation_id: int
    text: str
    created_at: datetime
    resource_uri: str
