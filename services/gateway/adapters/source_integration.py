"""Source invitation events as the platform hears them: whom they concern and what the guest may now take."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from common.contracts import Message
from common.eventstore import RecordedEvent
from gateway.contract.events import (
    SourceEnvironmentSettingsChanged,
    SourceInputAccessGranted,
    SourceInputAccessRevoked,
    SourceInvitationAccepted,
    SourceInvitationCreated,
    SourceInvitationDeleted,
    SourceInvitationEvent,
    SourceLabelAccessGranted,
    SourceLabelAccessRevoked,
    SourcePermissionsChanged,
)

Translation = Callable[[RecordedEvent], Sequence[Message]]


def actor(event: RecordedEvent) -> uuid.UUID | None:
    who = event.metadata.get("actor_user_id")
    return uuid.UUID(who) if who else None


def _as(message: type[SourceInvitationEvent], *fields: str) -> Translation:
    """A translation copying the invitation's parties and ``fields`` of the event into ``message``."""

    def translation(e: RecordedEvent) -> Sequence[Message]:
        d: dict[str, Any] = e.data
        payload = {f: d[f] for f in fields}
        return [
            message(
                organisation_id=d["source_organisation_id"],
                actor_user_id=actor(e),
                invitation_id=d["invitation_id"],
                guest_organisation_id=d["guest_organisation_id"],
                **payload,
            )
        ]

    return translation


SOURCE_TRANSLATIONS: dict[str, Translation] = {
    "SourceInvitationCreated": _as(SourceInvitationCreated, "destination_temporary_name"),
    "SourceInvitationAccepted": _as(SourceInvitationAccepted),
    "SourceInvitationDeleted": _as(SourceInvitationDeleted, "reason"),
    "SourcePermissionsUpdated": _as(
        SourcePermissionsChanged,
        "show_all_channels",
        "show_all_events",
        "registered",
        "billing_source",
        "global_max_destinations",
    ),
    "SourceInputGranted": _as(SourceInputAccessGranted, "input_id", "environment_id"),
    "SourceInputRevoked": _as(SourceInputAccessRevoked, "input_id"),
    "SourceLabelGranted": _as(SourceLabelAccessGranted, "label_id"),
    "SourceLabelRevoked": _as(SourceLabelAccessRevoked, "label_id"),
    "SourceEnvironmentSettingsChanged": _as(
        SourceEnvironmentSettingsChanged, "environment_id", "show_all_channels", "max_destinations"
    ),
}
