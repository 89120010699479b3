"""Source invitation events as the platform hears them: whom they concern and what the guest may now take."""

from __future__ import annotations

import uuid
from typing import Any

from common.contracts import Message
from common.eventstore import RecordedEvent
from gateway.contract import events as out
from gateway.domain import events as ev

FLAGS = ("show_all_channels", "show_all_events", "registered", "billing_source", "global_max_destinations")


def actor(event: RecordedEvent) -> uuid.UUID | None:
    who = event.metadata.get("actor_user_id")
    return uuid.UUID(who) if who else None


def translate_source(event: ev.SourceInvitationEvent, who: uuid.UUID | None) -> list[Message]:
    match event:
        case ev.SourceInvitationCreated():
            message = _as(out.SourceInvitationCreated, event, who, "destination_temporary_name", "token_digest")
        case ev.SourceInvitationAccepted():
            message = _as(out.SourceInvitationAccepted, event, who)
        case ev.SourceInvitationDeleted():
            message = _as(out.SourceInvitationDeleted, event, who, "reason")
        case ev.SourcePermissionsUpdated():
            message = _as(out.SourcePermissionsChanged, event, who, *FLAGS)
        case ev.SourceInputGranted():
            message = _as(out.SourceInputAccessGranted, event, who, "input_id", "environment_id")
        case ev.SourceInputRevoked():
            message = _as(out.SourceInputAccessRevoked, event, who, "input_id")
        case ev.SourceLabelGranted():
            message = _as(out.SourceLabelAccessGranted, event, who, "label_id")
        case ev.SourceLabelRevoked():
            message = _as(out.SourceLabelAccessRevoked, event, who, "label_id")
        case ev.SourceEnvironmentSettingsChanged():
            fields = ("environment_id", "show_all_channels", "max_destinations")
            message = _as(out.SourceEnvironmentSettingsChanged, event, who, *fields)
        case _:
            return []
    return [message]


def _as(
    message: type[out.SourceInvitationEvent], event: ev.SourceInvitationEvent, who: uuid.UUID | None, *fields: str
) -> Message:
    """``message`` with the invitation's parties and ``fields`` of the event."""
    payload: dict[str, Any] = {f: getattr(event, f) for f in fields}
    return message(
        organisation_id=event.source_organisation_id,
        actor_user_id=who,
        invitation_id=event.invitation_id,
        guest_organisation_id=event.guest_organisation_id,
        **payload,
    )
