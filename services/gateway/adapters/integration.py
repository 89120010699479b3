"""Which of the gateway's domain events the rest of the platform hears about, and in what shape."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from common.contracts import (
    Message,
    OrganisationCreated,
    OrganisationDeleted,
    UserJoinedOrganisation,
    UserLeftOrganisation,
)
from common.eventstore import RecordedEvent


def _actor(event: RecordedEvent) -> uuid.UUID | None:
    actor = event.metadata.get("actor_user_id")
    return uuid.UUID(actor) if actor else None


def _organisation_id(event: RecordedEvent) -> int:
    return int(event.stream_id.removeprefix("organisation-"))


def _created(e: RecordedEvent) -> Sequence[Message]:
    return [
        OrganisationCreated(organisation_id=e.data["organisation_id"], name=e.data["name"], actor_user_id=_actor(e))
    ]


def _deleted(e: RecordedEvent) -> Sequence[Message]:
    return [OrganisationDeleted(organisation_id=_organisation_id(e), actor_user_id=_actor(e))]


def _joined(e: RecordedEvent) -> Sequence[Message]:
    return [
        UserJoinedOrganisation(
            organisation_id=_organisation_id(e),
            actor_user_id=_actor(e),
            user_id=uuid.UUID(e.data["user_id"]),
            permission_type=e.data["permission_type"],
        )
    ]


def _left(e: RecordedEvent) -> Sequence[Message]:
    return [
        UserLeftOrganisation(
            organisation_id=_organisation_id(e), actor_user_id=_actor(e), user_id=uuid.UUID(e.data["user_id"])
        )
    ]


TRANSLATIONS: dict[str, Callable[[RecordedEvent], Sequence[Message]]] = {
    "OrganisationCreated": _created,
    "OrganisationDeleted": _deleted,
    "MemberAdded": _joined,
    "MemberRemoved": _left,
}


def translate(event: RecordedEvent) -> Sequence[Message]:
    translation = TRANSLATIONS.get(event.type)
    return translation(event) if translation else []
