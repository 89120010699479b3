"""The gateway's projections: users, organisations, memberships, email invitations; the others beside it."""

from __future__ import annotations

import uuid
from typing import Any

from common.eventstore import RecordedEvent
from common.projections import Projection
from gateway.adapters.label_projections import LABELS
from gateway.adapters.source_projections import SOURCE_INVITATIONS


def _user_id(event: RecordedEvent) -> uuid.UUID:
    return uuid.UUID(event.stream_id.removeprefix("user-"))


def _organisation_id(event: RecordedEvent) -> int:
    return int(event.stream_id.removeprefix("organisation-"))


async def _user_registered(conn: Any, s: str, e: RecordedEvent) -> None:
    d = e.data
    await conn.execute(
        f"""INSERT INTO {s}.users (id, email, name, is_superuser, is_accounts_user, is_accounts_admin, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""",
        uuid.UUID(d["user_id"]),
        d["email"],
        d["name"],
        d["is_superuser"],
        d["is_accounts_user"],
        d["is_accounts_admin"],
        e.recorded_at,
    )


async def _context_switched(conn: Any, s: str, e: RecordedEvent) -> None:
    d = e.data
    environment = uuid.UUID(d["active_environment_id"]) if d["active_environment_id"] else None
    await conn.execute(
        f"""UPDATE {s}.users SET managing_organisation_id = $2, active_organisation_id = $3,
            active_environment_id = $4 WHERE id = $1""",
        _user_id(e),
        d["managing_organisation_id"],
        d["active_organisation_id"],
        environment,
    )


async def _getting_started_seen(conn: Any, s: str, e: RecordedEvent) -> None:
    await conn.execute(f"UPDATE {s}.users SET getting_started_seen = true WHERE id = $1", _user_id(e))


async def _user_deleted(conn: Any, s: str, e: RecordedEvent) -> None:
    await conn.execute(f"UPDATE {s}.users SET deleted_at = $2 WHERE id = $1", _user_id(e), e.recorded_at)


USERS = Projection(
    "users",
    ["users"],
    {
        "UserRegistered": _user_registered,
        "UserContextSwitched": _context_switched,
        "GettingStartedSeen": _getting_started_seen,
        "UserDeleted": _user_deleted,
    },
)


async def _organisation_created(conn: Any, s: str, e: RecordedEvent) -> None:
    d = e.data
    await conn.execute(
        f"""INSERT INTO {s}.organisations
            (id, name, payment_method, root_user_id, created_by, created_from_ip, created_at)
            VALUES ($1, $2, $3, $4, $4, $5, $6)""",
        d["organisation_id"],
        d["name"],
        d["payment_method"],
        uuid.UUID(d["created_by"]) if d["created_by"] else None,
        d["created_from_ip"],
        e.recorded_at,
    )


async def _details_updated(conn: Any, s: str, e: RecordedEvent) -> None:
    d = e.data
    await conn.execute(
        f"""UPDATE {s}.organisations SET name = coalesce($2, name), currency = coalesce($3, currency),
            purchase_order_number = CASE WHEN $4 THEN $5 ELSE purchase_order_number END WHERE id = $1""",
        _organisation_id(e),
        d.get("name"),
        d.get("currency"),
        "purchase_order_number" in d,
        d.get("purchase_order_number"),
    )


async def _member_added(conn: Any, s: str, e: RecordedEvent) -> None:
    d = e.data
    org, user_id = _organisation_id(e), uuid.UUID(d["user_id"])
    await conn.execute(
        f"INSERT INTO {s}.memberships (organisation_id, user_id, permission_type, created_at) VALUES ($1, $2, $3, $4)",
        org,
        user_id,
        d["permission_type"],
        e.recorded_at,
    )
    await conn.execute(
        f"""INSERT INTO {s}.organisation_invitations (id, organisation_id, email, user_id, permission_type, created_at)
            VALUES ($1, $2, $3, $4, $5, $6)""",
        uuid.UUID(d["invitation_id"]),
        org,
        d["email"],
        user_id,
        d["permission_type"],
        e.recorded_at,
    )


async def _permission_changed(conn: Any, s: str, e: RecordedEvent) -> None:
    await conn.execute(
        f"UPDATE {s}.memberships SET permission_type = $3 WHERE organisation_id = $1 AND user_id = $2",
        _organisation_id(e),
        uuid.UUID(e.data["user_id"]),
        e.data["permission_type"],
    )


async def _member_removed(conn: Any, s: str, e: RecordedEvent) -> None:
    org, user_id = _organisation_id(e), uuid.UUID(e.data["user_id"])
    await conn.execute(f"DELETE FROM {s}.memberships WHERE organisation_id = $1 AND user_id = $2", org, user_id)
    await conn.execute(
        f"DELETE FROM {s}.organisation_invitations WHERE organisation_id = $1 AND user_id = $2", org, user_id
    )
    await conn.execute(
        f"UPDATE {s}.organisations SET root_user_id = NULL WHERE id = $1 AND root_user_id = $2", org, user_id
    )


async def _root_changed(conn: Any, s: str, e: RecordedEvent) -> None:
    root = uuid.UUID(e.data["user_id"]) if e.data["user_id"] else None
    await conn.execute(f"UPDATE {s}.organisations SET root_user_id = $2 WHERE id = $1", _organisation_id(e), root)


async def _organisation_deleted(conn: Any, s: str, e: RecordedEvent) -> None:
    org = _organisation_id(e)
    await conn.execute(f"UPDATE {s}.organisations SET deleted_at = $2 WHERE id = $1", org, e.recorded_at)
    await conn.execute(f"DELETE FROM {s}.memberships WHERE organisation_id = $1", org)
    await conn.execute(f"DELETE FROM {s}.organisation_invitations WHERE organisation_id = $1", org)


ORGANISATIONS = Projection(
    "organisations",
    ["organisations", "memberships", "organisation_invitations"],
    {
        "OrganisationCreated": _organisation_created,
        "OrganisationDetailsUpdated": _details_updated,
        "MemberAdded": _member_added,
        "MemberPermissionChanged": _permission_changed,
        "MemberRemoved": _member_removed,
        "RootUserChanged": _root_changed,
        "OrganisationDeleted": _organisation_deleted,
    },
)

PROJECTIONS = [USERS, ORGANISATIONS, SOURCE_INVITATIONS, LABELS]
