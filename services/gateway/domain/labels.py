"""The label aggregate: access labels an organisation puts on its events and grants to guests."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import reduce

from common.errors import Conflict, NotFound
from gateway.domain.events import Event, LabelCreated, LabelDeleted, LabelEvent, LabelRenamed
from gateway.domain.streams import stream_id


def stream(label_id: uuid.UUID) -> str:
    return stream_id("label", label_id)


@dataclass(frozen=True)
class Label:
    exists: bool = False
    deleted: bool = False
    label_id: uuid.UUID | None = None
    organisation_id: int = 0
    text: str = ""


def evolve(label: Label, event: Event) -> Label:
    match event:
        case LabelCreated():
            return Label(True, False, event.label_id, event.organisation_id, event.text)
        case LabelRenamed():
            return replace(label, text=event.text)
        case LabelDeleted():
            return replace(label, deleted=True)
    return label


def fold(events: Sequence[Event]) -> Label:
    return reduce(evolve, events, Label())


def owned_by(label: Label, organisation_id: int | None) -> Label:
    """The label, if it is alive and belongs to ``organisation_id``; to anyone else it does not exist."""
    if not label.exists or label.deleted or label.organisation_id != organisation_id:
        raise NotFound("label not found")
    return label


def _event(label: Label, event_type: type[LabelEvent], text: str) -> LabelEvent:
    assert label.label_id is not None
    return event_type(label.label_id, label.organisation_id, text)


def create(label: Label, label_id: uuid.UUID, organisation_id: int, text: str) -> list[Event]:
    if label.exists:
        raise Conflict("label already exists")
    return [_event(Label(True, False, label_id, organisation_id), LabelCreated, text)]


def rename(label: Label, organisation_id: int | None, text: str) -> list[Event]:
    if owned_by(label, organisation_id).text == text:
        return []
    return [_event(label, LabelRenamed, text)]


def delete(label: Label, organisation_id: int | None, granted_to: int) -> list[Event]:
    """Refused while ``granted_to`` (the number of invitations granting it) is above zero (A004)."""
    owned_by(label, organisation_id)
    if granted_to:
        raise Conflict(f"the label is granted to {granted_to} source invitation(s); revoke those grants first")
    return [_event(label, LabelDeleted, label.text)]
