"""A hand-written in-memory ``Directory``: a projection kept in plain dicts, fed the events each unit records
(as the Postgres projections are fed in the unit's transaction)."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field

from gateway.domain import events as ev
from gateway.domain.identities import email_key
from gateway.domain.streams import organisation_of, user_of
from gateway.service_layer.ports import Guesthood


@dataclass
class SourceRow:
    source: int
    guest: int | None = None
    registered: bool = True
    labels: set[uuid.UUID] = field(default_factory=set)


@dataclass
class MemoryDirectory:
    emails: dict[uuid.UUID, str] = field(default_factory=dict)
    contexts: dict[uuid.UUID, tuple[int | None, int | None]] = field(default_factory=dict)
    organisations: dict[int, tuple[uuid.UUID | None, str]] = field(default_factory=dict)
    memberships: dict[tuple[int, uuid.UUID], int] = field(default_factory=dict)
    invitations: dict[uuid.UUID, int] = field(default_factory=dict)
    sources: dict[uuid.UUID, SourceRow] = field(default_factory=dict)
    environments: dict[uuid.UUID, int] = field(default_factory=dict)
    exhausted_addresses: set[str] = field(default_factory=set)
    joined: itertools.count[int] = field(default_factory=itertools.count)

    def apply(self, stream: str, event: ev.Event) -> None:
        match event:
            case ev.UserRegistered():
                self.emails[event.user_id] = event.email
            case ev.UserContextSwitched():
                self.contexts[user_of(stream)] = (event.managing_organisation_id, event.active_organisation_id)
            case ev.UserDeleted():
                self.emails.pop(user_of(stream))
            case ev.OrganisationCreated():
                self.organisations[event.organisation_id] = (event.created_by, event.payment_method)
            case ev.OrganisationDeleted():
                self._forget_organisation(organisation_of(stream))
            case ev.MemberAdded():
                self.memberships[organisation_of(stream), event.user_id] = next(self.joined)
                self.invitations[event.invitation_id] = organisation_of(stream)
            case ev.MemberInvited():
                self.invitations[event.invitation_id] = organisation_of(stream)
            case ev.InvitationWithdrawn():
                self.invitations.pop(event.invitation_id)
            case ev.MemberRemoved():
                self.memberships.pop((organisation_of(stream), event.user_id))
            case ev.SourceInvitationEvent():
                self._source(event)

    def _forget_organisation(self, organisation_id: int) -> None:
        self.organisations.pop(organisation_id)
        self.memberships = {k: v for k, v in self.memberships.items() if k[0] != organisation_id}

    def _source(self, event: ev.SourceInvitationEvent) -> None:
        row = self.sources.setdefault(event.invitation_id, SourceRow(event.source_organisation_id))
        match event:
            case ev.SourceInvitationAccepted():
                row.guest = event.guest_organisation_id
            case ev.SourcePermissionsUpdated():
                row.registered = event.registered
            case ev.SourceLabelGranted():
                row.labels.add(event.label_id)
            case ev.SourceLabelRevoked():
                row.labels.discard(event.label_id)
            case ev.SourceInvitationDeleted():
                self.sources.pop(event.invitation_id)

    async def user_by_email(self, email: str) -> uuid.UUID | None:
        return next((u for u, e in self.emails.items() if email_key(e) == email_key(email)), None)

    async def membership_ids(self, user_id: uuid.UUID) -> list[int]:
        mine = sorted((order, org) for (org, user), order in self.memberships.items() if user == user_id)
        return [org for _, org in mine]

    async def is_member(self, organisation_id: int, user_id: uuid.UUID) -> bool:
        return (organisation_id, user_id) in self.memberships

    async def organisation_exists(self, organisation_id: int) -> bool:
        return organisation_id in self.organisations

    async def holds_free_credits(self, creator: uuid.UUID) -> bool:
        return (creator, "free_credits") in self.organisations.values()

    async def address_exhausted_credits(self, address: str) -> bool:
        return address in self.exhausted_addresses

    async def accepted_invitation(self, source: int, guest: int | None) -> Guesthood | None:
        found = [(i, r) for i, r in self.sources.items() if r.source == source and r.guest == guest is not None]
        return Guesthood(found[0][0], found[0][1].registered) if found else None

    async def users_looking_at(self, organisation_id: int) -> list[uuid.UUID]:
        return sorted(u for u, ctx in self.contexts.items() if organisation_id in ctx and u in self.emails)

    async def guests_looking_at(self, source: int, guest: int) -> list[uuid.UUID]:
        return sorted(u for u, ctx in self.contexts.items() if ctx == (guest, source) and u in self.emails)

    async def invitations_involving(self, organisation_id: int) -> list[uuid.UUID]:
        return sorted(i for i, r in self.sources.items() if organisation_id in (r.source, r.guest))

    async def environment_organisation(self, environment_id: uuid.UUID) -> int | None:
        return self.environments.get(environment_id)

    async def label_grants(self, label_id: uuid.UUID) -> int:
        return sum(label_id in r.labels for r in self.sources.values())

    async def invitation_organisation(self, invitation_id: uuid.UUID) -> int | None:
        return self.invitations.get(invitation_id)
