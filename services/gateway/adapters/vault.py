"""The ``Vault`` port in Postgres: password hashes, generated-token secrets, source invitation token digests."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from gateway.adapters import invitation_tokens


class PostgresVault:
    def __init__(self, conn: Any, schema: str) -> None:
        self.conn, self.s = conn, schema

    async def set_password(self, user_id: uuid.UUID, password_hash: str) -> None:
        await self.conn.execute(
            f"""INSERT INTO {self.s}.user_credentials (user_id, password_hash) VALUES ($1, $2)
                ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash, updated_at = now()""",
            user_id,
            password_hash,
        )

    async def forget_password(self, user_id: uuid.UUID) -> None:
        await self.conn.execute(f"DELETE FROM {self.s}.user_credentials WHERE user_id = $1", user_id)

    async def set_token_secret(self, organisation_id: int, secret: str, rotated_at: datetime) -> None:
        await self.conn.execute(
            f"""INSERT INTO {self.s}.organisation_token_secrets (organisation_id, secret, rotated_at)
                VALUES ($1, $2, $3) ON CONFLICT (organisation_id)
                DO UPDATE SET secret = excluded.secret, rotated_at = excluded.rotated_at""",
            organisation_id,
            secret,
            rotated_at,
        )

    async def forget_token_secret(self, organisation_id: int) -> None:
        sql = f"DELETE FROM {self.s}.organisation_token_secrets WHERE organisation_id = $1"
        await self.conn.execute(sql, organisation_id)

    async def remember_invitation_token(self, invitation_id: uuid.UUID, token: str) -> None:
        await invitation_tokens.remember(self.conn, self.s, invitation_id, token)

    async def forget_invitation_tokens(self, invitation_ids: list[uuid.UUID]) -> None:
        await invitation_tokens.forget(self.conn, self.s, invitation_ids)

    async def invitation_for_token(self, token: str) -> uuid.UUID | None:
        return await invitation_tokens.invitation_for(self.conn, self.s, token)
