"""The projection of users: who they are and which organisations and environment they are looking at."""

from __future__ import annotations

from typing import Any

from common.eventstore import RecordedEvent
from common.projections import Projection
from gateway.adapters.codec import on
from gateway.domain import events as ev
from gateway.domain.identities import email_key
from gateway.domain.streams import user_of


async def _user_registered(conn: Any, s: str, e: RecordedEvent, d: ev.UserRegistered) -> None:
    await conn.execute(
        f"""INSERT INTO {s}.users
            (id, email, email_key, name, is_superuser, is_accounts_user, is_accounts_admin, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""",
        d.user_id,
        d.email,
        email_key(d.email),
        d.name,
        d.is_superuser,
        d.is_accounts_user,
        d.is_accounts_admin,
        e.recorded_at,
    )


async def _context_switched(conn: Any, s: str, e: RecordedEvent, d: ev.UserContextSwitched) -> None:
    await conn.execute(
        f"""UPDATE {s}.users SET managing_organisation_id = $2, active_organisation_id = $3,
            active_environment_id = $4 WHERE id = $1""",
        user_of(e.stream_id),
        d.managing_organisation_id,
        d.active_organisation_id,
        d.active_environment_id,
    )


async def _getting_started_seen(conn: Any, s: str, e: RecordedEvent, d: ev.GettingStartedSeen) -> None:
    await conn.execute(f"UPDATE {s}.users SET getting_started_seen = true WHERE id = $1", user_of(e.stream_id))


async def _user_deleted(conn: Any, s: str, e: RecordedEvent, d: ev.UserDeleted) -> None:
    await conn.execute(f"UPDATE {s}.users SET deleted_at = $2 WHERE id = $1", user_of(e.stream_id), e.recorded_at)


async def _temporary_password(conn: Any, s: str, e: RecordedEvent, d: ev.TemporaryPasswordIssued) -> None:
    await conn.execute(f"UPDATE {s}.users SET password_temporary = true WHERE id = $1", user_of(e.stream_id))


async def _password_changed(conn: Any, s: str, e: RecordedEvent, d: ev.PasswordChanged) -> None:
    await conn.execute(
        f"UPDATE {s}.users SET password_temporary = false, session_version = session_version + 1 WHERE id = $1",
        user_of(e.stream_id),
    )


USERS = Projection(
    "users",
    ["users"],
    dict(
        [
            on(ev.UserRegistered, _user_registered),
            on(ev.UserContextSwitched, _context_switched),
            on(ev.GettingStartedSeen, _getting_started_seen),
            on(ev.UserDeleted, _user_deleted),
            on(ev.TemporaryPasswordIssued, _temporary_password),
            on(ev.PasswordChanged, _password_changed),
        ]
    ),
)
