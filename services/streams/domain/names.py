"""The names an organisation's dashboard groups hold: one aggregate per organisation, so two groups of one
organisation never share a name, and no group is created in an organisation after it was deleted.

Names are compared by their key: Unicode compatibility-normalised (NFKC), case-folded, runs of white
space made one space and the ends stripped, repeated until it no longer changes (as the gateway keys
email addresses), so "Europe  North" and "EUROPE NORTH" are one name.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import reduce

from common.errors import Conflict, NotFound
from streams.domain.events import DomainEvent, GroupNameClaimed, GroupNameReleased, GroupNamesClosed

STREAM_PREFIX = "organisation-group-names-"
MAX_ROUNDS = 4


def stream_id(organisation_id: int) -> str:
    return f"{STREAM_PREFIX}{organisation_id}"


def name_key(name: str) -> str:
    key = name
    for _ in range(MAX_ROUNDS):
        folded = " ".join(unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", key).casefold()).split())
        if folded == key:
            return key
        key = folded
    return key


@dataclass(frozen=True)
class GroupNames:
    closed: bool = False
    holders: Mapping[str, uuid.UUID] = field(default_factory=dict)


def evolve(names: GroupNames, event: DomainEvent) -> GroupNames:
    match event:
        case GroupNameClaimed():
            return GroupNames(names.closed, {**names.holders, event.key: event.group_id})
        case GroupNameReleased():
            return GroupNames(names.closed, {k: g for k, g in names.holders.items() if k != event.key})
        case GroupNamesClosed():
            return GroupNames(closed=True)
    return names


def fold(events: Sequence[DomainEvent]) -> GroupNames:
    return reduce(evolve, events, GroupNames())


def claim(names: GroupNames, organisation_id: int, group_id: uuid.UUID, name: str) -> list[DomainEvent]:
    if names.closed:
        raise NotFound("the organisation no longer exists")
    key = name_key(name)
    holder = names.holders.get(key)
    if holder == group_id:
        return []
    if holder is not None:
        raise Conflict(f"the organisation already has a dashboard group named {name!r}", "name")
    return [GroupNameClaimed(organisation_id=organisation_id, group_id=group_id, key=key)]


def release(names: GroupNames, organisation_id: int, group_id: uuid.UUID, name: str) -> list[DomainEvent]:
    key = name_key(name)
    if names.holders.get(key) != group_id:
        return []
    return [GroupNameReleased(organisation_id=organisation_id, group_id=group_id, key=key)]


def rename(names: GroupNames, organisation_id: int, group_id: uuid.UUID, old: str, new: str) -> list[DomainEvent]:
    if name_key(old) == name_key(new):
        return []
    claimed = claim(names, organisation_id, group_id, new)
    return [*release(names, organisation_id, group_id, old), *claimed]


def close(names: GroupNames, organisation_id: int) -> list[DomainEvent]:
    """Every name is let go with it; closing twice records nothing."""
    return [] if names.closed else [GroupNamesClosed(organisation_id=organisation_id)]
