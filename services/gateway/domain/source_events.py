"""The source invitation's domain events (see ``gateway.domain.events``, which lists every event)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal

BillingSource = Literal["source_owner", "destination_taker"]


@dataclass(frozen=True)
class SourceInvitationEvent:
    """Every source invitation event names the invitation's two organisations."""

    invitation_id: uuid.UUID
    source_organisation_id: int
    guest_organisation_id: int | None


@dataclass(frozen=True)
class SourceInvitationCreated(SourceInvitationEvent):
    destination_temporary_name: str
    created_by: uuid.UUID | None
    token_digest: str = ""  # SHA-256 of the token: finds the invitation a token names (none before it was kept)


@dataclass(frozen=True)
class SourceInvitationAccepted(SourceInvitationEvent):
    pass


@dataclass(frozen=True)
class SourcePermissionsUpdated(SourceInvitationEvent):
    show_all_channels: bool
    show_all_events: bool
    billing_source: BillingSource
    registered: bool
    global_max_destinations: int


@dataclass(frozen=True)
class SourceInputGranted(SourceInvitationEvent):
    input_id: str
    environment_id: uuid.UUID | None


@dataclass(frozen=True)
class SourceInputRevoked(SourceInvitationEvent):
    input_id: str


@dataclass(frozen=True)
class SourceLabelGranted(SourceInvitationEvent):
    label_id: uuid.UUID


@dataclass(frozen=True)
class SourceLabelRevoked(SourceInvitationEvent):
    label_id: uuid.UUID


@dataclass(frozen=True)
class SourceEnvironmentSettingsChanged(SourceInvitationEvent):
    environment_id: uuid.UUID
    show_all_channels: bool | None
    max_destinations: int | None


@dataclass(frozen=True)
class SourceInvitationDeleted(SourceInvitationEvent):
    reason: str
