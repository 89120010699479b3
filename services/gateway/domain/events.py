"""The gateway's domain events: what happened to users, organisations, source invitations and labels.

Each class's name is its stored type name (see ``gateway.adapters.codec``, the only place that turns
them into stored rows and back); field names are the stored data's keys.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from gateway.domain.source_events import (
    BillingSource,
    SourceEnvironmentSettingsChanged,
    SourceInputGranted,
    SourceInputRevoked,
    SourceInvitationAccepted,
    SourceInvitationCreated,
    SourceInvitationDeleted,
    SourceInvitationEvent,
    SourceLabelGranted,
    SourceLabelRevoked,
    SourcePermissionsUpdated,
)

__all__ = [
    "BillingSource", "SourceEnvironmentSettingsChanged", "SourceInputGranted", "SourceInputRevoked",
    "SourceInvitationAccepted", "SourceInvitationCreated", "SourceInvitationDeleted", "SourceInvitationEvent",
    "SourceLabelGranted", "SourceLabelRevoked", "SourcePermissionsUpdated",
]  # fmt: skip
Permission = Literal["admin", "operator", "monitor"]


@dataclass(frozen=True)
class UserRegistered:
    user_id: uuid.UUID
    email: str
    name: str = ""
    is_superuser: bool = False
    is_accounts_user: bool = False
    is_accounts_admin: bool = False


@dataclass(frozen=True)
class UserContextSwitched:
    managing_organisation_id: int | None
    active_organisation_id: int | None
    active_environment_id: uuid.UUID | None


@dataclass(frozen=True)
class GettingStartedSeen:
    pass


@dataclass(frozen=True)
class UserDeleted:
    pass


@dataclass(frozen=True)
class TemporaryPasswordIssued:
    """The account was made by an organisation invitation (A170), with a password shown to the inviter: it is
    changed at first login, which also accepts that invitation."""

    organisation_id: int
    invitation_id: uuid.UUID


@dataclass(frozen=True)
class PasswordChanged:
    """By its owner (``changed``, ``first_login``), by a reset link (``reset``) or by ``bootstrap-admin``; every
    session (JWT) issued before it ends."""

    reason: str


@dataclass(frozen=True)
class OrganisationCreated:
    organisation_id: int
    name: str
    created_by: uuid.UUID | None
    payment_method: str
    created_from_ip: str | None


@dataclass(frozen=True)
class OrganisationDetailsUpdated:
    """Only the details the caller sent (name, currency, purchase_order_number: the last may be cleared)."""

    changes: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MemberAdded:
    user_id: uuid.UUID
    email: str
    permission_type: Permission
    invitation_id: uuid.UUID


@dataclass(frozen=True)
class MemberInvited:
    """An invitation the user answers (A183): the membership starts with their ``MemberAdded``."""

    invitation_id: uuid.UUID
    user_id: uuid.UUID
    email: str
    permission_type: Permission


@dataclass(frozen=True)
class InvitationWithdrawn:
    invitation_id: uuid.UUID
    reason: str


@dataclass(frozen=True)
class MemberPermissionChanged:
    user_id: uuid.UUID
    permission_type: Permission


@dataclass(frozen=True)
class MemberRemoved:
    user_id: uuid.UUID
    reason: str


@dataclass(frozen=True)
class RootUserChanged:
    user_id: uuid.UUID | None


@dataclass(frozen=True)
class OrganisationTokenRotated:
    pass


@dataclass(frozen=True)
class OrganisationDeleted:
    member_ids: tuple[uuid.UUID, ...] = ()


@dataclass(frozen=True)
class LabelEvent:
    label_id: uuid.UUID
    organisation_id: int
    text: str


@dataclass(frozen=True)
class LabelCreated(LabelEvent):
    pass


@dataclass(frozen=True)
class LabelRenamed(LabelEvent):
    pass


@dataclass(frozen=True)
class LabelDeleted(LabelEvent):
    pass


USER_EVENTS = (
    UserRegistered, UserContextSwitched, GettingStartedSeen, UserDeleted, TemporaryPasswordIssued, PasswordChanged,
)  # fmt: skip
ORGANISATION_EVENTS = (
    OrganisationCreated, OrganisationDetailsUpdated, MemberInvited, InvitationWithdrawn, MemberAdded,
    MemberPermissionChanged, MemberRemoved, RootUserChanged, OrganisationTokenRotated, OrganisationDeleted,
)  # fmt: skip
SOURCE_INVITATION_EVENTS = (
    SourceInvitationCreated, SourceInvitationAccepted, SourcePermissionsUpdated, SourceInputGranted,
    SourceInputRevoked, SourceLabelGranted, SourceLabelRevoked, SourceEnvironmentSettingsChanged,
    SourceInvitationDeleted,
)  # fmt: skip
LABEL_EVENTS = (LabelCreated, LabelRenamed, LabelDeleted)
ALL = (*USER_EVENTS, *ORGANISATION_EVENTS, *SOURCE_INVITATION_EVENTS, *LABEL_EVENTS)
Event = (
    UserRegistered | UserContextSwitched | GettingStartedSeen | UserDeleted | TemporaryPasswordIssued
    | PasswordChanged | OrganisationCreated | OrganisationDetailsUpdated | MemberInvited | InvitationWithdrawn
    | MemberAdded | MemberPermissionChanged | MemberRemoved | RootUserChanged
    | OrganisationTokenRotated | OrganisationDeleted | SourceInvitationEvent | LabelEvent
)  # fmt: skip
