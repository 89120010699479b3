"""Which of the gateway's domain events the rest of the platform hears about, and in what shape."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from common.contracts import Message
from common.eventstore import RecordedEvent
from gateway.adapters.codec import decode
from gateway.adapters.source_integration import actor, translate_source
from gateway.contract import events as out
from gateway.domain import events as ev
from gateway.domain.streams import organisation_of, user_of


def translate(recorded: RecordedEvent) -> Sequence[Message]:
    event = decode(recorded)
    if isinstance(event, ev.SourceInvitationEvent):
        return translate_source(event, actor(recorded))
    if isinstance(event, ev.LabelEvent):
        return _label(event, actor(recorded))
    if isinstance(event, ev.UserDeleted):
        return [out.UserDeleted(user_id=user_of(recorded.stream_id))]
    if isinstance(event, ev.OrganisationCreated):
        return [out.OrganisationCreated(organisation_id=event.organisation_id, name=event.name,
                                        actor_user_id=actor(recorded))]  # fmt: skip
    if isinstance(event, ev.ORGANISATION_EVENTS):
        return _organisation(event, organisation_of(recorded.stream_id), actor(recorded))
    return []


def _organisation(event: ev.Event, org: int, who: uuid.UUID | None) -> list[Message]:
    match event:
        case ev.OrganisationDetailsUpdated():
            return [out.OrganisationUpdated(organisation_id=org, actor_user_id=who, **event.changes)]
        case ev.OrganisationTokenRotated():
            return [out.OrganisationTokenRotated(organisation_id=org, actor_user_id=who)]
        case ev.OrganisationDeleted():
            return [out.OrganisationDeleted(organisation_id=org, actor_user_id=who)]
        case ev.MemberAdded():
            return [out.UserJoinedOrganisation(organisation_id=org, actor_user_id=who, user_id=event.user_id,
                                               permission_type=event.permission_type)]  # fmt: skip
        case ev.MemberPermissionChanged():
            return [out.UserPermissionChanged(organisation_id=org, actor_user_id=who, user_id=event.user_id,
                                              permission_type=event.permission_type)]  # fmt: skip
        case ev.MemberRemoved():
            return [out.UserLeftOrganisation(organisation_id=org, actor_user_id=who, user_id=event.user_id)]
        case ev.RootUserChanged():
            return [out.RootUserChanged(organisation_id=org, actor_user_id=who, user_id=event.user_id)]
    return []


def _label(event: ev.LabelEvent, who: uuid.UUID | None) -> list[Message]:
    org, label_id = event.organisation_id, event.label_id
    match event:
        case ev.LabelCreated():
            return [out.LabelCreated(organisation_id=org, actor_user_id=who, label_id=label_id, text=event.text)]
        case ev.LabelRenamed():
            return [out.LabelRenamed(organisation_id=org, actor_user_id=who, label_id=label_id, text=event.text)]
        case ev.LabelDeleted():
            return [out.LabelDeleted(organisation_id=org, actor_user_id=who, label_id=label_id)]
    return []
