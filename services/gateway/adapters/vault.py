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

    async def password_hash(self, user_id: uuid.UUID) -> str | None:
        value = await self.conn.fetchval(
            f"SELECT password_hash FROM {self.s}.user_credentials WHERE user_id = $1", user_id
        )
        return value if isinstance(value, str) else None

    async def set_invitation_code(self, invitation_id: uuid.UUID, code_hash: str) -> None:
        sql = f"INSERT INTO {self.s}.organisation_invitation_codes (invitation_id, code_hash) VALUES ($1, $2)"
        await self.conn.execute(sql, invitation_id, code_hash)

    async def invitation_code(self, invitation_id: uuid.UUID) -> str | None:
        sql = f"SELECT code_hash FROM {self.s}.organisation_invitation_codes WHERE invitation_id = $1"
        value = await self.conn.fetchval(sql, invitation_id)
        return value if isinstance(value, str) else None

    async def forget_invitation_code(self, invitation_id: uuid.UUID) -> None:
        sql = f"DELETE FROM {self.s}.organisation_invitation_codes WHERE invitation_id = $1"
        await self.conn.execute(sql, invitation_id)

    async def remember_reset(self, digest: str, user_id: uuid.UUID, expires_at: datetime) -> None:
        sql = f"INSERT INTO {self.s}.password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, $3)"
        await self.conn.execute(sql, digest, user_id, expires_at)

    async def reset_user(self, digest: str) -> uuid.UUID | None:
        sql = f"SELECT user_id FROM {self.s}.password_resets WHERE token_hash = $1 AND expires_at > now()"
        value = await self.conn.fetchval(sql, digest)
        return value if isinstance(value, uuid.UUID) else None

    async def last_reset_at(self, user_id: uuid.UUID) -> datetime | None:
        value = await self.conn.fetchval(
            f"SELECT max(created_at) FROM {self.s}.password_resets WHERE user_id = $1", user_id
        )
        return value if isinstance(value, datetime) else None

    async def forget_resets(self, user_id: uuid.UUID) -> None:
        await self.conn.execute(f"DELETE FROM {self.s}.password_resets WHERE user_id = $1", user_id)
