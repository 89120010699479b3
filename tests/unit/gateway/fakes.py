"""Hand-written in-memory stand-ins for the gateway's ports, and units of work that run on them.

``MemoryDirectory`` is a projection kept in plain dicts, fed the events each unit records (as the
Postgres projections are fed in the unit's transaction); a unit that fails leaves it as it was.
"""

from __future__ import annotations

import copy
import itertools
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

from common.eventstore import InMemoryEventStore
from common.unit_of_work import MemoryRunner, Work
from gateway.domain import events as ev
from gateway.domain.identities import email_key
from gateway.domain.streams import organisation_of, user_of
from gateway.service_layer.ports import Guesthood
from gateway.service_layer.work import TypedWork, Unit

T = TypeVar("T")


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


@dataclass
class MemoryVault:
    passwords: dict[uuid.UUID, str] = field(default_factory=dict)
    token_secrets: dict[int, tuple[str, datetime]] = field(default_factory=dict)
    invitation_tokens: dict[str, uuid.UUID] = field(default_factory=dict)
    invitation_codes: dict[uuid.UUID, str] = field(default_factory=dict)
    resets: dict[str, tuple[uuid.UUID, datetime, datetime]] = field(default_factory=dict)

    async def set_password(self, user_id: uuid.UUID, password_hash: str) -> None:
        self.passwords[user_id] = password_hash

    async def forget_password(self, user_id: uuid.UUID) -> None:
        self.passwords.pop(user_id, None)

    async def set_token_secret(self, organisation_id: int, secret: str, rotated_at: datetime) -> None:
        self.token_secrets[organisation_id] = (secret, rotated_at)

    async def forget_token_secret(self, organisation_id: int) -> None:
        self.token_secrets.pop(organisation_id, None)

    async def remember_invitation_token(self, invitation_id: uuid.UUID, token: str) -> None:
        self.invitation_tokens[token] = invitation_id

    async def forget_invitation_tokens(self, invitation_ids: list[uuid.UUID]) -> None:
        self.invitation_tokens = {t: i for t, i in self.invitation_tokens.items() if i not in invitation_ids}

    async def invitation_for_token(self, token: str) -> uuid.UUID | None:
        return self.invitation_tokens.get(token)

    async def password_hash(self, user_id: uuid.UUID) -> str | None:
        return self.passwords.get(user_id)

    async def set_invitation_code(self, invitation_id: uuid.UUID, code_hash: str) -> None:
        self.invitation_codes[invitation_id] = code_hash

    async def invitation_code(self, invitation_id: uuid.UUID) -> str | None:
        return self.invitation_codes.get(invitation_id)

    async def forget_invitation_code(self, invitation_id: uuid.UUID) -> None:
        self.invitation_codes.pop(invitation_id, None)

    async def remember_reset(self, digest: str, user_id: uuid.UUID, expires_at: datetime) -> None:
        self.resets[digest] = (user_id, expires_at, datetime.now(UTC))

    async def reset_user(self, digest: str) -> uuid.UUID | None:
        user_id, expires_at, _ = self.resets.get(digest, (None, datetime.min.replace(tzinfo=UTC), None))
        return user_id if expires_at > datetime.now(UTC) else None

    async def last_reset_at(self, user_id: uuid.UUID) -> datetime | None:
        return max((made for who, _, made in self.resets.values() if who == user_id), default=None)

    async def forget_resets(self, user_id: uuid.UUID) -> None:
        self.resets = {d: r for d, r in self.resets.items() if r[0] != user_id}


class MemoryUnits:
    """``Units`` on the in-memory event store and the fakes above."""

    def __init__(self) -> None:
        self.store = InMemoryEventStore()
        self.directory, self.vault = MemoryDirectory(), MemoryVault()
        self.organisation_ids = itertools.count(1000)
        self.runner = MemoryRunner(self.store)

    async def __call__(self, unit: Callable[[Unit], Awaitable[T]]) -> T:
        async def typed(work: Work) -> T:
            kept = copy.deepcopy((self.directory, self.vault))
            try:
                return await unit(TypedWork(work, self.directory, self.vault, _no_lock, self.directory.apply))
            except BaseException:
                self.directory, self.vault = kept
                raise

        return await self.runner(typed)

    async def allocate_organisation_id(self) -> int:
        return next(self.organisation_ids)


async def _no_lock(key: str) -> None:
    """One event loop, and units interleave only at their awaits: the in-memory store's conflicts suffice."""
