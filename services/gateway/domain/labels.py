"""The label aggregate: access labels an organisation puts on its events and grants to guests."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import reduce

from common.errors import Conflict, NotFound
from common.eventstore import NewEvent, RecordedEvent

CREATED = "LabelCreated"
RENAMED = "LabelRenamed"
DELETED = "LabelDeleted"


def stream(label_id: uuid.UUID) -> str:
    return f"label-{label_id}"


@dataclass(frozen=True)
class Label:
    exists: bool = False
    deleted: bool = False
    label_id: uuid.UUID | None = None
    organisation_id: int = 0
    text: str = ""


def evolve(label: Label, event: RecordedEvent) -> Label:
    d = event.data
    match event.type:
        case "LabelCreated":
            return Label(True, False, uuid.UUID(d["label_id"]), d["organisation_id"], d["text"])
        case "LabelRenamed":
            return replace(label, text=d["text"])
        case "LabelDeleted":
            return replace(label, deleted=True)
    return label


def fold(events: Sequence[RecordedEvent]) -> Label:
    return reduce(evolve, events, Label())


def owned_by(label: Label, organisation_id: int | None) -> Label:
    """The label, if it is alive and belongs to ``organisation_id``; to anyone else it does not exist."""
    if not label.exists or label.deleted or label.organisation_id != organisation_id:
        raise NotFound("label not found")
    return label


def _event(label: Label, event_type: str, text: str) -> NewEvent:
    return NewEvent(
        event_type, {"label_id": str(label.label_id), "organisation_id": label.organisation_id, "text": text}
    )


def create(label: Label, label_id: uuid.UUID, organisation_id: int, text: str) -> list[NewEvent]:
    if label.exists:
        raise Conflict("label already exists")
    return [_event(Label(True, False, label_id, organisation_id), CREATED, text)]


def rename(label: Label, organisation_id: int | None, text: str) -> list[NewEvent]:
    if owned_by(label, organisation_id).text == text:
        return []
    return [_event(label, RENAMED, text)]


def delete(label: Label, organisation_id: int | None, granted_to: int) -> list[NewEvent]:
    """Refused while ``granted_to`` (the number of invitations granting it) is above zero (A004)."""
    owned_by(label, organisation_id)
    if granted_to:
        raise Conflict(f"the label is granted to {granted_to} source invitation(s); revoke those grants first")
    return [_event(label, DELETED, label.text)]
