"""The user aggregate: who someone is and which organisations and environment they are looking at."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import reduce

from common.errors import Conflict, NotFound
from common.eventstore import NewEvent, RecordedEvent

REGISTERED = "UserRegistered"
CONTEXT_SWITCHED = "UserContextSwitched"
GETTING_STARTED_SEEN = "GettingStartedSeen"
DELETED = "UserDeleted"


def stream(user_id: uuid.UUID) -> str:
    return f"user-{user_id}"


@dataclass(frozen=True)
class User:
    exists: bool = False
    deleted: bool = False
    user_id: uuid.UUID | None = None
    email: str = ""
    is_superuser: bool = False
    managing_organisation_id: int | None = None
    active_organisation_id: int | None = None
    active_environment_id: uuid.UUID | None = None
    getting_started_seen: bool = False


def evolve(user: User, event: RecordedEvent) -> User:
    data = event.data
    match event.type:
        case "UserRegistered":
            return User(True, False, uuid.UUID(data["user_id"]), data["email"], data["is_superuser"])
        case "UserContextSwitched":
            environment = data["active_environment_id"]
            return replace(
                user,
                managing_organisation_id=data["managing_organisation_id"],
                active_organisation_id=data["active_organisation_id"],
                active_environment_id=uuid.UUID(environment) if environment else None,
            )
        case "GettingStartedSeen":
            return replace(user, getting_started_seen=True)
        case "UserDeleted":
            return replace(user, deleted=True)
    return user


def fold(events: Sequence[RecordedEvent]) -> User:
    return reduce(evolve, events, User())


def live(user: User) -> User:
    if not user.exists or user.deleted:
        raise NotFound("user not found")
    return user


def register(
    user: User,
    user_id: uuid.UUID,
    email: str,
    *,
    name: str = "",
    is_superuser: bool = False,
    is_accounts_user: bool = False,
    is_accounts_admin: bool = False,
) -> list[NewEvent]:
    if user.exists:
        raise Conflict("this user already exists")
    return [
        NewEvent(
            REGISTERED,
            {
                "user_id": str(user_id),
                "email": email,
                "name": name,
                "is_superuser": is_superuser,
                "is_accounts_user": is_accounts_user,
                "is_accounts_admin": is_accounts_admin,
            },
        )
    ]


def switch_context(
    user: User, managing: int | None, active: int | None, environment: uuid.UUID | None = None
) -> list[NewEvent]:
    live(user)
    unchanged = (
        user.managing_organisation_id == managing
        and user.active_organisation_id == active
        and user.active_environment_id == environment
    )
    if unchanged:
        return []
    return [
        NewEvent(
            CONTEXT_SWITCHED,
            {
                "managing_organisation_id": managing,
                "active_organisation_id": active,
                "active_environment_id": str(environment) if environment else None,
            },
        )
    ]


def context_after_losing(
    user: User, organisation_id: int, remaining: Sequence[int], still_visible: bool = False
) -> list[NewEvent]:
    """The user lost access to an organisation: leave it for another membership (or none), or back to managing.

    ``remaining`` are the user's memberships now, preferred first; ``still_visible`` says whether the
    user may still look at the organisation (a guest of it through the managing organisation, say).
    """
    if not user.exists or user.deleted:
        return []
    if user.managing_organisation_id == organisation_id:
        fallback = remaining[0] if remaining else None
        return switch_context(user, fallback, fallback, None)
    if user.active_organisation_id == organisation_id and not still_visible:
        return switch_context(user, user.managing_organisation_id, user.managing_organisation_id, None)
    return []


def mark_getting_started_seen(user: User) -> list[NewEvent]:
    return [] if live(user).getting_started_seen else [NewEvent(GETTING_STARTED_SEEN, {})]


def delete(user: User) -> list[NewEvent]:
    live(user)
    return [NewEvent(DELETED, {})]
