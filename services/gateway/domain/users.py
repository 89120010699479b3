"""The user aggregate: who someone is and which organisations and environment they are looking at."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import reduce

from common.errors import Conflict, NotFound
from gateway.domain.events import (
    Event,
    GettingStartedSeen,
    PasswordChanged,
    TemporaryPasswordIssued,
    UserContextSwitched,
    UserDeleted,
    UserRegistered,
)
from gateway.domain.streams import stream_id


def stream(user_id: uuid.UUID) -> str:
    return stream_id("user", user_id)


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
    joining: TemporaryPasswordIssued | None = None
    session_version: int = 0

    @property
    def password_is_temporary(self) -> bool:
        return self.joining is not None


def evolve(user: User, event: Event) -> User:
    match event:
        case UserRegistered():
            return User(True, False, event.user_id, event.email, event.is_superuser)
        case UserContextSwitched():
            return replace(
                user,
                managing_organisation_id=event.managing_organisation_id,
                active_organisation_id=event.active_organisation_id,
                active_environment_id=event.active_environment_id,
            )
        case GettingStartedSeen():
            return replace(user, getting_started_seen=True)
        case UserDeleted():
            return replace(user, deleted=True)
        case TemporaryPasswordIssued():
            return replace(user, joining=event)
        case PasswordChanged():
            return replace(user, joining=None, session_version=user.session_version + 1)
    return user


def fold(events: Sequence[Event]) -> User:
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
) -> list[Event]:
    if user.exists:
        raise Conflict("this user already exists")
    return [UserRegistered(user_id, email, name, is_superuser, is_accounts_user, is_accounts_admin)]


def switch_context(
    user: User, managing: int | None, active: int | None, environment: uuid.UUID | None = None
) -> list[Event]:
    live(user)
    unchanged = (
        user.managing_organisation_id == managing
        and user.active_organisation_id == active
        and user.active_environment_id == environment
    )
    if unchanged:
        return []
    return [UserContextSwitched(managing, active, environment)]


def context_after_losing(
    user: User, organisation_id: int, remaining: Sequence[int], still_visible: bool = False
) -> list[Event]:
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


def mark_getting_started_seen(user: User) -> list[Event]:
    return [] if live(user).getting_started_seen else [GettingStartedSeen()]


def delete(user: User) -> list[Event]:
    live(user)
    return [UserDeleted()]


def issue_temporary_password(user: User, organisation_id: int, invitation_id: uuid.UUID) -> list[Event]:
    """Only for an account the invitation itself made: an existing account's password is its owner's."""
    if live(user).session_version or user.joining:
        raise Conflict("this account already has a password")
    return [TemporaryPasswordIssued(organisation_id, invitation_id)]


def change_password(user: User, reason: str) -> list[Event]:
    live(user)
    return [PasswordChanged(reason)]
