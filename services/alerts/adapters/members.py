"""Who belongs to which organisation: a read model of the gateway's membership events, and the ``Members`` port."""

from __future__ import annotations

import uuid
from typing import Any


class PostgresMembers:
    def __init__(self, conn: Any, schema: str) -> None:
        self.conn, self.s = conn, schema

    async def of(self, organisation_id: int) -> list[uuid.UUID]:
        sql = f"SELECT user_id FROM {self.s}.members WHERE organisation_id = $1 ORDER BY user_id"
        return [r["user_id"] for r in await self.conn.fetch(sql, organisation_id)]

    async def joined(self, organisation_id: int, user_id: uuid.UUID) -> None:
        await self.conn.execute(
            f"INSERT INTO {self.s}.members (organisation_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            organisation_id, user_id,
        )  # fmt: skip

    async def left(self, organisation_id: int, user_id: uuid.UUID) -> None:
        sql = f"DELETE FROM {self.s}.members WHERE organisation_id = $1 AND user_id = $2"
        await self.conn.execute(sql, organisation_id, user_id)

    async def user_deleted(self, user_id: uuid.UUID) -> None:
        await self.conn.execute(f"DELETE FROM {self.s}.members WHERE user_id = $1", user_id)

    async def organisation_deleted(self, organisation_id: int) -> None:
        await self.conn.execute(f"DELETE FROM {self.s}.members WHERE organisation_id = $1", organisation_id)
