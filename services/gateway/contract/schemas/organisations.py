"""Models of organisations, their members and their generated-token secret."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, EmailStr, Field, StringConstraints

from gateway.contract.schemas.base import Permission, Strict

Name150 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=150)]


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


class AddUser(Strict):
    email: EmailStr = Field(max_length=254)
    permission_type: Permission = "monitor"


class InvitedUser(BaseModel):
    """The same whether or not the email already had an account."""

    invitation_id: uuid.UUID
    email: str
    permission_type: Permission
    status: Literal["pending"] = "pending"
    password: str = Field(
        description="Shown once. An address new to the platform logs in with it (a temporary password, "
        "changed at first login, which accepts the invitation); an existing user accepts with it as the code."
    )
    resource_uri: str


class AcceptInvitation(Strict):
    code: str = Field(min_length=1, max_length=200, description="The password A170 showed, also in the mail")


class InvitationView(BaseModel):
    invitation_id: uuid.UUID
    organisation_id: int
    email: str
    permission_type: Permission
    status: Literal["pending", "accepted"]
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


class TokenInfo(BaseModel):
    """The managing organisation's generated-token secret, without the secret: whether and when it was set."""

    organisation_id: int
    rotated_at: datetime
    resource_uri: str


class TokenSecret(TokenInfo):
    secret: str = Field(description="Shown once; sign generated tokens with it")
