"""The categories muted in an organisation: one aggregate per organisation, for it and for each of its users."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import reduce

from alerts.domain.events import CategoriesMuted, DomainEvent

STREAM_PREFIX = "notification-mutes-"


def stream_id(organisation_id: int) -> str:
    return f"{STREAM_PREFIX}{organisation_id}"


@dataclass(frozen=True)
class Mutes:
    organisation: frozenset[str] = frozenset()
    users: Mapping[uuid.UUID, frozenset[str]] = field(default_factory=dict)

    def of(self, user_id: uuid.UUID | None) -> frozenset[str]:
        return self.organisation if user_id is None else self.users.get(user_id, frozenset())

    def receives(self, user_id: uuid.UUID, category: str) -> bool:
        return category not in self.organisation and category not in self.of(user_id)


def evolve(mutes: Mutes, event: DomainEvent) -> Mutes:
    match event:
        case CategoriesMuted(user_id=None):
            return Mutes(frozenset(event.categories), mutes.users)
        case CategoriesMuted(user_id=uuid.UUID() as user_id):
            return Mutes(mutes.organisation, {**mutes.users, user_id: frozenset(event.categories)})
    return mutes


def fold(events: Sequence[DomainEvent]) -> Mutes:
    return reduce(evolve, events, Mutes())


def mute(mutes: Mutes, organisation_id: int, user_id: uuid.UUID | None, categories: Sequence[str]) -> list[DomainEvent]:
    """``categories`` replace what was muted; the same set again records nothing."""
    if frozenset(categories) == mutes.of(user_id):
        return []
    return [CategoriesMuted(organisation_id=organisation_id, user_id=user_id, categories=tuple(sorted(categories)))]
