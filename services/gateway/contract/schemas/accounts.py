"""Models of signing in, switching context, and the signed-in user with their permissions."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from gateway.contract.schemas.base import Permission, Strict

Email = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=254)]
NEW_PASSWORD = "At least 12 characters, not a common password, not containing your email address."


class LoginRequest(Strict):
    email: Email
    password: str = Field(min_length=1, max_length=1024)
    new_password: str | None = Field(
        None,
        min_length=1,
        max_length=1024,
        description="Your own password from now on; required when ``password`` is a temporary one. " + NEW_PASSWORD,
    )


class ChangePassword(Strict):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=1, max_length=1024, description=NEW_PASSWORD)


class RequestPasswordReset(Strict):
    email: Email


class PasswordResetRequested(BaseModel):
    detail: str


class ResetPassword(Strict):
    token: str = Field(min_length=1, max_length=200, description="From the mail the reset request sent")
    new_password: str = Field(min_length=1, max_length=1024, description=NEW_PASSWORD)


class TokenResponse(BaseModel):
    jwt_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int


class ActiveOrganisationToken(TokenResponse):
    is_member_of_active_org: bool = Field(
        description="A member (or a superuser), not only a guest through an invitation"
    )


class SwitchOrganisation(Strict):
    organisation_id: int = Field(ge=1, le=2**31 - 1)


class SwitchEnvironment(Strict):
    environment_id: uuid.UUID


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
