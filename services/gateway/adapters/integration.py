"""Which of the gateway's domain events the rest of the platform hears about, and in what shape."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from common.contracts import Message
from common.eventstore import RecordedEvent
from gateway.adapters.source_integration import SOURCE_TRANSLATIONS, actor
from gateway.contract.events import (
    LabelCreated,
    LabelDeleted,
    LabelRenamed,
    OrganisationCreated,
    OrganisationDeleted,
    OrganisationTokenRotated,
    OrganisationUpdated,
    RootUserChanged,
    UserDeleted,
    UserJoinedOrganisation,
    UserLeftOrganisation,
    UserPermissionChanged,
)

Translation = Callable[[RecordedEvent], Sequence[Message]]


def _organisation_id(event: RecordedEvent) -> int:
    return int(event.stream_id.removeprefix("organisation-"))


def _user_id(event: RecordedEvent) -> uuid.UUID:
    return uuid.UUID(event.data["user_id"])


def _created(e: RecordedEvent) -> Sequence[Message]:
    return [OrganisationCreated(organisation_id=e.data["organisation_id"], name=e.data["name"], actor_user_id=actor(e))]


def _updated(e: RecordedEvent) -> Sequence[Message]:
    return [OrganisationUpdated(organisation_id=_organisation_id(e), actor_user_id=actor(e), **e.data)]


def _token_rotated(e: RecordedEvent) -> Sequence[Message]:
    return [OrganisationTokenRotated(organisation_id=_organisation_id(e), actor_user_id=actor(e))]


def _deleted(e: RecordedEvent) -> Sequence[Message]:
    return [OrganisationDeleted(organisation_id=_organisation_id(e), actor_user_id=actor(e))]


def _joined(e: RecordedEvent) -> Sequence[Message]:
    org, who = _organisation_id(e), actor(e)
    return [UserJoinedOrganisation(organisation_id=org, actor_user_id=who, user_id=_user_id(e),
                                   permission_type=e.data["permission_type"])]  # fmt: skip


def _permission_changed(e: RecordedEvent) -> Sequence[Message]:
    org, who = _organisation_id(e), actor(e)
    return [UserPermissionChanged(organisation_id=org, actor_user_id=who, user_id=_user_id(e),
                                  permission_type=e.data["permission_type"])]  # fmt: skip


def _left(e: RecordedEvent) -> Sequence[Message]:
    return [UserLeftOrganisation(organisation_id=_organisation_id(e), actor_user_id=actor(e), user_id=_user_id(e))]


def _root_changed(e: RecordedEvent) -> Sequence[Message]:
    root = uuid.UUID(e.data["user_id"]) if e.data["user_id"] else None
    return [RootUserChanged(organisation_id=_organisation_id(e), actor_user_id=actor(e), user_id=root)]


def _user_deleted(e: RecordedEvent) -> Sequence[Message]:
    return [UserDeleted(user_id=uuid.UUID(e.stream_id.removeprefix("user-")))]


def _label(message: type[LabelCreated | LabelRenamed]) -> Translation:
    def translation(e: RecordedEvent) -> Sequence[Message]:
        org, who = e.data["organisation_id"], actor(e)
        return [message(organisation_id=org, actor_user_id=who, label_id=e.data["label_id"], text=e.data["text"])]

    return translation


def _label_deleted(e: RecordedEvent) -> Sequence[Message]:
    return [
        LabelDeleted(organisation_id=e.data["organisation_id"], actor_user_id=actor(e), label_id=e.data["label_id"])
    ]


TRANSLATIONS: dict[str, Translation] = {
    "OrganisationCreated": _created,
    "OrganisationDetailsUpdated": _updated,
    "OrganisationTokenRotated": _token_rotated,
    "OrganisationDeleted": _deleted,
    "MemberAdded": _joined,
    "MemberPermissionChanged": _permission_changed,
    "MemberRemoved": _left,
    "RootUserChanged": _root_changed,
    "UserDeleted": _user_deleted,
    "LabelCreated": _label(LabelCreated),
    "LabelRenamed": _label(LabelRenamed),
    "LabelDeleted": _label_deleted,
    **SOURCE_TRANSLATIONS,
}


def translate(event: RecordedEvent) -> Sequence[Message]:
    translation = TRANSLATIONS.get(event.type)
    return translation(event) if translation else []
