"""The integration events the gateway publishes: organisations, members, labels and source invitations."""

from __future__ import annotations

import hashlib
import uuid
from typing import ClassVar, Literal

from pydantic import Field

from common.contracts import IntegrationEvent, OrganisationEvent


class OrganisationCreated(OrganisationEvent):
    TYPE: ClassVar[str] = "gateway.OrganisationCreated"
    name: str


class OrganisationDeleted(OrganisationEvent):
    TYPE: ClassVar[str] = "gateway.OrganisationDeleted"


class UserJoinedOrganisation(OrganisationEvent):
    TYPE: ClassVar[str] = "gateway.UserJoinedOrganisation"
    user_id: uuid.UUID
    permission_type: str


class UserLeftOrganisation(OrganisationEvent):
    TYPE: ClassVar[str] = "gateway.UserLeftOrganisation"
    user_id: uuid.UUID


class OrganisationUpdated(OrganisationEvent):
    """Only the details that changed are set."""

    TYPE: ClassVar[str] = "gateway.OrganisationUpdated"
    name: str | None = None
    currency: str | None = None
    purchase_order_number: str | None = None


class OrganisationTokenRotated(OrganisationEvent):
    """The generated-token secret changed (the secret itself never travels)."""

    TYPE: ClassVar[str] = "gateway.OrganisationTokenRotated"


class UserPermissionChanged(OrganisationEvent):
    TYPE: ClassVar[str] = "gateway.UserPermissionChanged"
    user_id: uuid.UUID
    permission_type: str


class RootUserChanged(OrganisationEvent):
    TYPE: ClassVar[str] = "gateway.RootUserChanged"
    user_id: uuid.UUID | None


class UserDeleted(IntegrationEvent):
    TYPE: ClassVar[str] = "gateway.UserDeleted"
    user_id: uuid.UUID


class LabelCreated(OrganisationEvent):
    TYPE: ClassVar[str] = "gateway.LabelCreated"
    label_id: uuid.UUID
    text: str


class LabelRenamed(OrganisationEvent):
    TYPE: ClassVar[str] = "gateway.LabelRenamed"
    label_id: uuid.UUID
    text: str


class LabelDeleted(OrganisationEvent):
    TYPE: ClassVar[str] = "gateway.LabelDeleted"
    label_id: uuid.UUID


class SourceInvitationEvent(OrganisationEvent):
    """organisation_id is the source (owner) organisation; the guest is None until the invitation is accepted."""

    invitation_id: uuid.UUID
    guest_organisation_id: int | None


def invitation_token_digest(token: str) -> str:
    """How ``SourceInvitationCreated.token_digest`` is made from a source invitation's token."""
    return hashlib.sha256(token.encode()).hexdigest()


class SourceInvitationCreated(SourceInvitationEvent):
    """``token_digest``: the SHA-256 (hex) of the invitation's token, so a service can find the invitation a token
    names (A218); the token itself never travels. Empty for invitations created before digests were published."""

    TYPE: ClassVar[str] = "gateway.SourceInvitationCreated"
    destination_temporary_name: str
    token_digest: str = ""


class SourceInvitationAccepted(SourceInvitationEvent):
    TYPE: ClassVar[str] = "gateway.SourceInvitationAccepted"
    guest_organisation_id: int


class SourceInvitationDeleted(SourceInvitationEvent):
    """The guest lost access to the owner's resources: deleted by the owner, left by the guest, or an
    organisation was deleted. Its destinations, schedules and alerts go too."""

    TYPE: ClassVar[str] = "gateway.SourceInvitationDeleted"
    reason: Literal["deleted_by_owner", "left_by_guest", "organisation_deleted"]


class SourcePermissionsChanged(SourceInvitationEvent):
    """The invitation's flags as they are now (unregistering also revokes every grant, announced one by one)."""

    TYPE: ClassVar[str] = "gateway.SourcePermissionsChanged"
    show_all_channels: bool
    show_all_events: bool
    registered: bool
    billing_source: Literal["source_owner", "destination_taker"]
    global_max_destinations: int = Field(ge=1, le=10)


class SourceInputAccessGranted(SourceInvitationEvent):
    TYPE: ClassVar[str] = "gateway.SourceInputAccessGranted"
    input_id: str
    environment_id: uuid.UUID | None


class SourceInputAccessRevoked(SourceInvitationEvent):
    TYPE: ClassVar[str] = "gateway.SourceInputAccessRevoked"
    input_id: str


class SourceLabelAccessGranted(SourceInvitationEvent):
    TYPE: ClassVar[str] = "gateway.SourceLabelAccessGranted"
    label_id: uuid.UUID


class SourceLabelAccessRevoked(SourceInvitationEvent):
    TYPE: ClassVar[str] = "gateway.SourceLabelAccessRevoked"
    label_id: uuid.UUID


class SourceEnvironmentSettingsChanged(SourceInvitationEvent):
    """Per-environment overrides of the invitation (None: the invitation's own setting applies)."""

    TYPE: ClassVar[str] = "gateway.SourceEnvironmentSettingsChanged"
    environment_id: uuid.UUID
    show_all_channels: bool | None
    max_destinations: int | None = Field(ge=1, le=10)


SOURCE_ACCESS_EVENTS: tuple[type[SourceInvitationEvent], ...] = (
    SourceInvitationCreated, SourceInvitationAccepted, SourceInvitationDeleted, SourcePermissionsChanged,
    SourceInputAccessGranted, SourceInputAccessRevoked, SourceEnvironmentSettingsChanged, SourceLabelAccessGranted,
    SourceLabelAccessRevoked,
)  # fmt: skip
"""Everything a service keeping its own picture of what guests may reach hears of source invitations."""
