"""The gateway's projections: organisations, memberships, email invitations; the others beside it."""

from __future__ import annotations

from typing import Any

from common.eventstore import RecordedEvent
from common.projections import Projection
from gateway.adapters.codec import on
from gateway.adapters.label_projections import LABELS
from gateway.adapters.source_projections import SOURCE_INVITATIONS
from gateway.adapters.user_projections import USERS
from gateway.domain import events as ev
from gateway.domain.streams import organisation_of


async def _organisation_created(conn: Any, s: str, e: RecordedEvent, d: ev.OrganisationCreated) -> None:
    await conn.execute(
        f"""INSERT INTO {s}.organisations
            (id, name, payment_method, root_user_id, created_by, created_from_ip, created_at)
            VALUES ($1, $2, $3, $4, $4, $5, $6)""",
        d.organisation_id,
        d.name,
        d.payment_method,
        d.created_by,
        d.created_from_ip,
        e.recorded_at,
    )


async def _details_updated(conn: Any, s: str, e: RecordedEvent, event: ev.OrganisationDetailsUpdated) -> None:
    d = event.changes
    await conn.execute(
        f"""UPDATE {s}.organisations SET name = coalesce($2, name), currency = coalesce($3, currency),
            purchase_order_number = CASE WHEN $4 THEN $5 ELSE purchase_order_number END WHERE id = $1""",
        organisation_of(e.stream_id),
        d.get("name"),
        d.get("currency"),
        "purchase_order_number" in d,
        d.get("purchase_order_number"),
    )


async def _member_added(conn: Any, s: str, e: RecordedEvent, d: ev.MemberAdded) -> None:
    org, user_id = organisation_of(e.stream_id), d.user_id
    await conn.execute(
        f"INSERT INTO {s}.memberships (organisation_id, user_id, permission_type, created_at) VALUES ($1, $2, $3, $4)",
        org,
        user_id,
        d.permission_type,
        e.recorded_at,
    )
    await _invitation(conn, s, e, d.invitation_id, d.user_id, d.email, d.permission_type, "accepted")


async def _member_invited(conn: Any, s: str, e: RecordedEvent, d: ev.MemberInvited) -> None:
    await _invitation(conn, s, e, d.invitation_id, d.user_id, d.email, d.permission_type, "pending")


async def _invitation(conn: Any, s: str, e: RecordedEvent, *row: Any) -> None:
    """An invitation a user answers is pending until their ``MemberAdded``, which then names it accepted."""
    invitation_id, user_id, email, permission_type, status = row
    await conn.execute(
        f"""INSERT INTO {s}.organisation_invitations
            (id, organisation_id, email, user_id, permission_type, created_at, status)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO UPDATE SET status = excluded.status""",
        invitation_id,
        organisation_of(e.stream_id),
        email,
        user_id,
        permission_type,
        e.recorded_at,
        status,
    )


async def _invitation_withdrawn(conn: Any, s: str, e: RecordedEvent, d: ev.InvitationWithdrawn) -> None:
    await conn.execute(f"DELETE FROM {s}.organisation_invitations WHERE id = $1", d.invitation_id)


async def _permission_changed(conn: Any, s: str, e: RecordedEvent, d: ev.MemberPermissionChanged) -> None:
    await conn.execute(
        f"UPDATE {s}.memberships SET permission_type = $3 WHERE organisation_id = $1 AND user_id = $2",
        organisation_of(e.stream_id),
        d.user_id,
        d.permission_type,
    )


async def _member_removed(conn: Any, s: str, e: RecordedEvent, d: ev.MemberRemoved) -> None:
    org, user_id = organisation_of(e.stream_id), d.user_id
    await conn.execute(f"DELETE FROM {s}.memberships WHERE organisation_id = $1 AND user_id = $2", org, user_id)
    await conn.execute(
        f"DELETE FROM {s}.organisation_invitations WHERE organisation_id = $1 AND user_id = $2", org, user_id
    )
    await conn.execute(
        f"UPDATE {s}.organisations SET root_user_id = NULL WHERE id = $1 AND root_user_id = $2", org, user_id
    )


async def _root_changed(conn: Any, s: str, e: RecordedEvent, d: ev.RootUserChanged) -> None:
    organisation_id = organisation_of(e.stream_id)
    await conn.execute(f"UPDATE {s}.organisations SET root_user_id = $2 WHERE id = $1", organisation_id, d.user_id)


async def _organisation_deleted(conn: Any, s: str, e: RecordedEvent, d: ev.OrganisationDeleted) -> None:
    org = organisation_of(e.stream_id)
    await conn.execute(f"UPDATE {s}.organisations SET deleted_at = $2 WHERE id = $1", org, e.recorded_at)
    await conn.execute(f"DELETE FROM {s}.memberships WHERE organisation_id = $1", org)
    await conn.execute(f"DELETE FROM {s}.organisation_invitations WHERE organisation_id = $1", org)


ORGANISATIONS = Projection(
    "organisations",
    ["organisations", "memberships", "organisation_invitations"],
    dict(
        [
            on(ev.OrganisationCreated, _organisation_created),
            on(ev.OrganisationDetailsUpdated, _details_updated),
            on(ev.MemberInvited, _member_invited),
            on(ev.InvitationWithdrawn, _invitation_withdrawn),
            on(ev.MemberAdded, _member_added),
            on(ev.MemberPermissionChanged, _permission_changed),
            on(ev.MemberRemoved, _member_removed),
            on(ev.RootUserChanged, _root_changed),
            on(ev.OrganisationDeleted, _organisation_deleted),
        ]
    ),
)

PROJECTIONS = [USERS, ORGANISATIONS, SOURCE_INVITATIONS, LABELS]
