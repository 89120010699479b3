"""The ``Directory`` port on the gateway's projections; ``conn`` may be inside the unit's transaction."""

from __future__ import annotations

import uuid
from typing import Any

from gateway.domain.identities import email_key
from gateway.service_layer.ports import Guesthood


class PostgresDirectory:
    def __init__(self, conn: Any, schema: str) -> None:
        self.conn, self.s = conn, schema

    async def user_by_email(self, email: str) -> uuid.UUID | None:
        sql = f"SELECT id FROM {self.s}.users WHERE email_key = $1 AND deleted_at IS NULL"
        value = await self.conn.fetchval(sql, email_key(email))
        return value if isinstance(value, uuid.UUID) else None

    async def membership_ids(self, user_id: uuid.UUID) -> list[int]:
        """The user's organisations, oldest membership first (the one to fall back to)."""
        rows = await self.conn.fetch(
            f"""SELECT m.organisation_id FROM {self.s}.memberships m
                JOIN {self.s}.organisations o ON o.id = m.organisation_id AND o.deleted_at IS NULL
                WHERE m.user_id = $1 ORDER BY m.created_at, m.organisation_id""",
            user_id,
        )
        return [r["organisation_id"] for r in rows]

    async def is_member(self, organisation_id: int, user_id: uuid.UUID) -> bool:
        sql = f"SELECT true FROM {self.s}.memberships WHERE organisation_id = $1 AND user_id = $2"
        return bool(await self.conn.fetchval(sql, organisation_id, user_id))

    async def organisation_exists(self, organisation_id: int) -> bool:
        sql = f"SELECT true FROM {self.s}.organisations WHERE id = $1 AND deleted_at IS NULL"
        return bool(await self.conn.fetchval(sql, organisation_id))

    async def holds_free_credits(self, creator: uuid.UUID) -> bool:
        sql = f"""SELECT true FROM {self.s}.organisations
                  WHERE created_by = $1 AND payment_method = 'free_credits' AND deleted_at IS NULL LIMIT 1"""
        return bool(await self.conn.fetchval(sql, creator))

    async def address_exhausted_credits(self, address: str) -> bool:
        sql = f"SELECT true FROM {self.s}.credit_exhausted_addresses WHERE address = $1"
        return bool(await self.conn.fetchval(sql, address))

    async def accepted_invitation(self, source: int, guest: int | None) -> Guesthood | None:
        row = await self.conn.fetchrow(
            f"""SELECT id, registered FROM {self.s}.source_invitations
                WHERE source_organisation_id = $1 AND guest_organisation_id = $2 AND status = 'accepted'""",
            source,
            guest,
        )
        return Guesthood(row["id"], row["registered"]) if row else None

    async def users_looking_at(self, organisation_id: int) -> list[uuid.UUID]:
        """Users whose managing or active organisation this is."""
        return await self._ids(
            f"""SELECT id FROM {self.s}.users WHERE deleted_at IS NULL
                AND (managing_organisation_id = $1 OR active_organisation_id = $1) ORDER BY id""",
            organisation_id,
        )

    async def guests_looking_at(self, source: int, guest: int) -> list[uuid.UUID]:
        """Users managing ``guest`` whose active organisation is ``source``."""
        return await self._ids(
            f"""SELECT id FROM {self.s}.users WHERE deleted_at IS NULL
                AND managing_organisation_id = $2 AND active_organisation_id = $1 ORDER BY id""",
            source,
            guest,
        )

    async def invitations_involving(self, organisation_id: int) -> list[uuid.UUID]:
        return await self._ids(
            f"""SELECT id FROM {self.s}.source_invitations
                WHERE source_organisation_id = $1 OR guest_organisation_id = $1 ORDER BY id""",
            organisation_id,
        )

    async def environment_organisation(self, environment_id: uuid.UUID) -> int | None:
        sql = f"SELECT organisation_id FROM {self.s}.environment_directory WHERE environment_id = $1 AND NOT deleted"
        value = await self.conn.fetchval(sql, environment_id)
        return int(value) if value is not None else None

    async def label_grants(self, label_id: uuid.UUID) -> int:
        sql = f"SELECT count(*) FROM {self.s}.source_invitation_labels WHERE label_id = $1"
        return int(await self.conn.fetchval(sql, label_id))

    async def invitation_organisation(self, invitation_id: uuid.UUID) -> int | None:
        sql = f"SELECT organisation_id FROM {self.s}.organisation_invitations WHERE id = $1"
        value = await self.conn.fetchval(sql, invitation_id)
        return int(value) if value is not None else None

    async def _ids(self, sql: str, *args: Any) -> list[uuid.UUID]:
        return [r["id"] for r in await self.conn.fetch(sql, *args)]
