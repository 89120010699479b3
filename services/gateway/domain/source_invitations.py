"""The source invitation aggregate: one organisation lets a guest organisation take its feeds.

Every event carries the invitation's two organisations, so each one tells the rest of the platform
on its own whom it concerns. Decisions on grants and settings live in ``source_permissions``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import reduce
from typing import Any, TypeVar

from common.errors import Conflict, Forbidden, NotFound
from gateway.domain.events import (
    BillingSource,
    Event,
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
from gateway.domain.streams import stream_id

E = TypeVar("E", bound=SourceInvitationEvent)
FLAGS = ("show_all_channels", "show_all_events", "billing_source", "registered", "global_max_destinations")


def stream(invitation_id: uuid.UUID) -> str:
    return stream_id("source-invitation", invitation_id)


@dataclass(frozen=True)
class Flags:
    show_all_channels: bool = False
    show_all_events: bool = False
    billing_source: BillingSource = "source_owner"
    registered: bool = True
    global_max_destinations: int = 1


@dataclass(frozen=True)
class EnvironmentSettings:
    show_all_channels: bool | None = None
    max_destinations: int | None = None


@dataclass(frozen=True)
class SourceInvitation:
    exists: bool = False
    deleted: bool = False
    invitation_id: uuid.UUID | None = None
    source_organisation_id: int = 0
    guest_organisation_id: int | None = None
    flags: Flags = Flags()
    inputs: dict[str, uuid.UUID | None] = field(default_factory=dict)
    labels: frozenset[uuid.UUID] = frozenset()
    environments: dict[uuid.UUID, EnvironmentSettings] = field(default_factory=dict)

    @property
    def accepted(self) -> bool:
        return self.guest_organisation_id is not None


def evolve(inv: SourceInvitation, event: Event) -> SourceInvitation:
    match event:
        case SourceInvitationCreated():
            return SourceInvitation(True, False, event.invitation_id, event.source_organisation_id)
        case SourceInvitationAccepted():
            return replace(inv, guest_organisation_id=event.guest_organisation_id)
        case SourcePermissionsUpdated():
            return replace(inv, flags=Flags(**{k: getattr(event, k) for k in FLAGS}))
        case SourceInputGranted():
            return replace(inv, inputs={**inv.inputs, event.input_id: event.environment_id})
        case SourceInputRevoked():
            return replace(inv, inputs={k: v for k, v in inv.inputs.items() if k != event.input_id})
        case SourceLabelGranted():
            return replace(inv, labels=inv.labels | {event.label_id})
        case SourceLabelRevoked():
            return replace(inv, labels=inv.labels - {event.label_id})
        case SourceEnvironmentSettingsChanged():
            settings = EnvironmentSettings(event.show_all_channels, event.max_destinations)
            return replace(inv, environments={**inv.environments, event.environment_id: settings})
        case SourceInvitationDeleted():
            return replace(inv, deleted=True)
    return inv


def fold(events: Sequence[Event]) -> SourceInvitation:
    return reduce(evolve, events, SourceInvitation())


def live(inv: SourceInvitation) -> SourceInvitation:
    if not inv.exists or inv.deleted:
        raise NotFound("source invitation not found")
    return inv


def owned_by(inv: SourceInvitation, organisation_id: int | None) -> SourceInvitation:
    """The invitation, if ``organisation_id`` is its owner; to anyone else it does not exist."""
    if live(inv).source_organisation_id != organisation_id:
        raise NotFound("source invitation not found")
    return inv


def event(inv: SourceInvitation, event_type: type[E], **data: Any) -> E:
    """An event of the invitation, naming its two organisations."""
    assert inv.invitation_id is not None
    return event_type(inv.invitation_id, inv.source_organisation_id, inv.guest_organisation_id, **data)


def create(
    inv: SourceInvitation, invitation_id: uuid.UUID, source_organisation_id: int, name: str, by: uuid.UUID | None,
    token_digest: str = "",
) -> list[Event]:  # fmt: skip
    if inv.exists:
        raise Conflict("source invitation already exists")
    created = SourceInvitation(True, False, invitation_id, source_organisation_id)
    return [event(created, SourceInvitationCreated, destination_temporary_name=name, created_by=by,
                  token_digest=token_digest)]  # fmt: skip


def accept(inv: SourceInvitation, guest_organisation_id: int) -> list[Event]:
    if live(inv).source_organisation_id == guest_organisation_id:
        raise Conflict("an organisation cannot accept its own source invitation")
    if inv.accepted:
        raise Conflict("this source invitation has already been accepted")
    return [event(replace(inv, guest_organisation_id=guest_organisation_id), SourceInvitationAccepted)]


def delete(inv: SourceInvitation, reason: str) -> list[Event]:
    return [event(live(inv), SourceInvitationDeleted, reason=reason)]


def delete_as(inv: SourceInvitation, organisation_id: int | None, may_leave: bool) -> list[Event]:
    """The owner deletes it; the guest leaves it (``may_leave``: an admin of the guest); to anyone else: 404."""
    if live(inv).source_organisation_id == organisation_id:
        return delete(inv, "deleted_by_owner")
    if inv.guest_organisation_id is None or inv.guest_organisation_id != organisation_id:
        raise NotFound("source invitation not found")
    if not may_leave:
        raise Forbidden("only an admin of the guest organisation can leave it")
    return delete(inv, "left_by_guest")
