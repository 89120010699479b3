"""What a user looks like from the outside: details with their context (A273, A278) and memberships (A277)."""

from __future__ import annotations

import uuid
from typing import Any

from common.http.problems import not_found
from gateway.context import SCHEMA as S
from gateway.contract.schemas.accounts import MembershipView, UserDetails

DETAILS = f"""
    SELECT u.id, u.email, u.name, u.is_superuser, u.is_accounts_user, u.is_accounts_admin, u.getting_started_seen,
           u.managing_organisation_id, mo.name AS managing_organisation_name,
           u.active_organisation_id, ao.name AS active_organisation_name, u.active_environment_id,
           am.permission_type AS active_role, si.registered AS guest_registered
    FROM {S}.users u
    LEFT JOIN {S}.organisations mo ON mo.id = u.managing_organisation_id AND mo.deleted_at IS NULL
    LEFT JOIN {S}.organisations ao ON ao.id = u.active_organisation_id AND ao.deleted_at IS NULL
    LEFT JOIN {S}.memberships am ON am.organisation_id = u.active_organisation_id AND am.user_id = u.id
    LEFT JOIN {S}.source_invitations si
           ON si.source_organisation_id = u.active_organisation_id
          AND si.guest_organisation_id = u.managing_organisation_id AND si.status = 'accepted'
    WHERE u.id = $1 AND u.deleted_at IS NULL"""
MEMBERSHIPS = f"""
    SELECT m.organisation_id, o.name AS organisation_name, m.permission_type,
           coalesce(o.root_user_id = m.user_id, false) AS is_root, i.id AS invitation_id
    FROM {S}.memberships m
    JOIN {S}.organisations o ON o.id = m.organisation_id AND o.deleted_at IS NULL
    LEFT JOIN {S}.organisation_invitations i ON i.organisation_id = m.organisation_id AND i.user_id = m.user_id
    WHERE m.user_id = $1 ORDER BY m.created_at, m.organisation_id"""
COPIED = (
    "id",
    "email",
    "name",
    "is_superuser",
    "is_accounts_user",
    "is_accounts_admin",
    "getting_started_seen",
    "managing_organisation_id",
    "managing_organisation_name",
    "active_organisation_id",
    "active_organisation_name",
    "active_environment_id",
)


def invitation_suspended(active_role: str | None, guest_registered: bool | None) -> bool | None:
    """None: a member of the active organisation (or no invitation); True: the guest invitation is suspended."""
    if active_role is not None or guest_registered is None:
        return None
    return not guest_registered


async def user_details(pool: Any, user_id: uuid.UUID) -> UserDetails:
    row = await pool.fetchrow(DETAILS, user_id)
    if row is None:
        raise not_found("user")
    return UserDetails(
        **{name: row[name] for name in COPIED},
        is_member_of_active_org=row["is_superuser"] or row["active_role"] is not None,
        is_invitation_suspended=invitation_suspended(row["active_role"], row["guest_registered"]),
        resource_uri=f"/api/users/{row['id']}",
    )


async def memberships(pool: Any, user_id: uuid.UUID | None) -> list[MembershipView]:
    rows = await pool.fetch(MEMBERSHIPS, user_id) if user_id else []
    return [MembershipView.model_validate(dict(r)) for r in rows]
