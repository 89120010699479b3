"""Turning a verified credential into a Principal, from the live projections (so permission changes bite at once:
the gateway caches them in a ``ReadCache``, which the log's moves empty)."""

from __future__ import annotations

import uuid
from typing import Any, NamedTuple

import asyncpg

from common.http.principal import GuestAccess, Principal


class Session(NamedTuple):
    """A signed-in user as their JWTs see them: tokens carrying another ``version`` were issued before the
    password last changed, and no longer work."""

    principal: Principal
    version: int


async def user_principal(pool: asyncpg.Pool, s: str, user_id: uuid.UUID) -> Session | None:
    row = await pool.fetchrow(
        f"""
        SELECT u.id, u.email, u.session_version, u.is_superuser, u.is_accounts_user, u.is_accounts_admin,
               u.managing_organisation_id, u.active_organisation_id, u.active_environment_id,
               mm.permission_type AS managing_role, am.permission_type AS active_role,
               coalesce(o.root_user_id = u.id, false) AS is_root,
               si.id AS invitation_id, si.source_organisation_id, si.show_all_channels, si.show_all_events,
               si.registered, si.billing_source, si.global_max_destinations
        FROM {s}.users u
        LEFT JOIN {s}.memberships mm ON mm.organisation_id = u.managing_organisation_id AND mm.user_id = u.id
        LEFT JOIN {s}.memberships am ON am.organisation_id = u.active_organisation_id AND am.user_id = u.id
        LEFT JOIN {s}.organisations o ON o.id = u.managing_organisation_id AND o.deleted_at IS NULL
        LEFT JOIN {s}.source_invitations si
               ON si.source_organisation_id = u.active_organisation_id
              AND si.guest_organisation_id = u.managing_organisation_id AND si.status = 'accepted'
        WHERE u.id = $1 AND u.deleted_at IS NULL
        """,
        user_id,
    )
    if row is None:
        return None
    return Session(_principal(row), row["session_version"])


def _principal(row: Any) -> Principal:
    return Principal(
        kind="user",
        user_id=row["id"],
        email=row["email"],
        is_superuser=row["is_superuser"],
        is_accounts_user=row["is_accounts_user"],
        is_accounts_admin=row["is_accounts_admin"],
        managing_organisation_id=row["managing_organisation_id"],
        managing_role=row["managing_role"],
        is_root=row["is_root"],
        active_organisation_id=row["active_organisation_id"],
        active_role=row["active_role"],
        active_guest=_guest(row) if row["invitation_id"] and row["active_role"] is None else None,
        active_environment_id=row["active_environment_id"],
    )


def _guest(row: Any) -> GuestAccess:
    return GuestAccess(
        invitation_id=row["invitation_id"],
        source_organisation_id=row["source_organisation_id"],
        show_all_channels=row["show_all_channels"],
        show_all_events=row["show_all_events"],
        registered=row["registered"],
        billing_source=row["billing_source"],
        global_max_destinations=row["global_max_destinations"],
    )


async def token_principal(pool: asyncpg.Pool, s: str, organisation_id: int) -> Principal | None:
    """A generated-token request acts as an operator of its organisation (see docs/decisions)."""
    exists = await pool.fetchval(
        f"SELECT true FROM {s}.organisations WHERE id = $1 AND deleted_at IS NULL", organisation_id
    )
    if not exists:
        return None
    return Principal(
        kind="user",
        managing_organisation_id=organisation_id,
        managing_role="operator",
        active_organisation_id=organisation_id,
        active_role="operator",
        via_generated_token=True,
    )


async def agent_principal(pool: asyncpg.Pool, s: str, environment_id: uuid.UUID) -> Principal | None:
    organisation_id = await pool.fetchval(
        f"SELECT organisation_id FROM {s}.environment_directory WHERE environment_id = $1 AND NOT deleted",
        environment_id,
    )
    if organisation_id is None:
        return None
    return Principal(kind="agent", environment_id=environment_id, active_organisation_id=organisation_id)
