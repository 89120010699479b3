"""Models of users, organisations, members and tokens, with the seed's limits."""

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


class ActiveOrganisationToken(TokenResponse):
    is_member_of_active_org: bool = Field(
        description="A member (or a superuser), not only a guest through an invitation"
    )


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
    invitation_id: uuid.UUID
    created: bool
    password: str | None = Field(None, description="Shown once, only when the user was created")
    resource_uri: str


class MemberView(BaseModel):
    id: uuid.UUID
    email: str
    name: str
    permission_type: Permission
    is_root: bool
    created_at: datetime
    resource_uri: str


class UpdatePermission(Strict):
    permission_type: Permission | None = None
    enabled: bool = True


class MemberPermission(BaseModel):
    user_id: uuid.UUID
    organisation_id: int
    enabled: bool
    permission_type: Permission | None = Field(description="None once the permission was removed (enabled false)")
    resource_uri: str


class ChangeRoot(Strict):
    user_id: uuid.UUID


class MembershipView(BaseModel):
    organisation_id: int
    organisation_name: str
    permission_type: Permission
    is_root: bool
    invitation_id: uuid.UUID | None


class PermissionsView(BaseModel):
    is_superuser: bool
    is_accounts_user: bool
    is_accounts_admin: bool
    managing_organisation_id: int | None
    managing_role: Permission | None
    is_root: bool
    active_organisation_id: int | None
    active_role: Permission | None
    is_member_of_active_org: bool
    via_generated_token: bool
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
    resource_uri: str
