"""Reads of the projections that commands base their decisions on; ``conn`` may be inside the command's transaction."""

from __future__ import annotations

import uuid
from typing import Any

from gateway.context import SCHEMA as S


async def membership_ids(conn: Any, user_id: uuid.UUID) -> list[int]:
    """The user's organisations, oldest membership first (the one to fall back to)."""
    rows = await conn.fetch(
        f"""SELECT m.organisation_id FROM {S}.memberships m
            JOIN {S}.organisations o ON o.id = m.organisation_id AND o.deleted_at IS NULL
            WHERE m.user_id = $1 ORDER BY m.created_at, m.organisation_id""",
        user_id,
    )
    return [r["organisation_id"] for r in rows]


async def is_member(conn: Any, organisation_id: int, user_id: uuid.UUID) -> bool:
    return bool(
        await conn.fetchval(
            f"SELECT true FROM {S}.memberships WHERE organisation_id = $1 AND user_id = $2", organisation_id, user_id
        )
    )


async def organisation_exists(conn: Any, organisation_id: int) -> bool:
    return bool(
        await conn.fetchval(f"SELECT true FROM {S}.organisations WHERE id = $1 AND deleted_at IS NULL", organisation_id)
    )


async def accepted_invitation(conn: Any, source: int, guest: int | None) -> Any:
    """The accepted source invitation from ``source`` to ``guest`` (id, registered), or None."""
    return await conn.fetchrow(
        f"""SELECT id, registered FROM {S}.source_invitations
            WHERE source_organisation_id = $1 AND guest_organisation_id = $2 AND status = 'accepted'""",
        source,
        guest,
    )


async def users_looking_at(conn: Any, organisation_id: int) -> list[uuid.UUID]:
    """Users whose managing or active organisation this is."""
    rows = await conn.fetch(
        f"""SELECT id FROM {S}.users WHERE deleted_at IS NULL
            AND (managing_organisation_id = $1 OR active_organisation_id = $1) ORDER BY id""",
        organisation_id,
    )
    return [r["id"] for r in rows]


async def guests_looking_at(conn: Any, source: int, guest: int) -> list[uuid.UUID]:
    """Users managing ``guest`` whose active organisation is ``source``."""
    rows = await conn.fetch(
        f"""SELECT id FROM {S}.users WHERE deleted_at IS NULL
            AND managing_organisation_id = $2 AND active_organisation_id = $1 ORDER BY id""",
        source,
        guest,
    )
    return [r["id"] for r in rows]


async def invitations_involving(conn: Any, organisation_id: int) -> list[uuid.UUID]:
    rows = await conn.fetch(
        f"""SELECT id FROM {S}.source_invitations
            WHERE source_organisation_id = $1 OR guest_organisation_id = $1 ORDER BY id""",
        organisation_id,
    )
    return [r["id"] for r in rows]


async def environment_organisation(conn: Any, environment_id: uuid.UUID) -> int | None:
    value = await conn.fetchval(
        f"SELECT organisation_id FROM {S}.environment_directory WHERE environment_id = $1 AND NOT deleted",
        environment_id,
    )
    return int(value) if value is not None else None


async def label_grants(conn: Any, label_id: uuid.UUID) -> int:
    return int(await conn.fetchval(f"SELECT count(*) FROM {S}.source_invitation_labels WHERE label_id = $1", label_id))
