"""Source invitation tokens: handed to the owner once, kept only as a SHA-256 digest and looked up by it."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from gateway.contract.events import invitation_token_digest

TOKEN_BYTES = 32


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


digest = invitation_token_digest


async def remember(conn: Any, schema: str, invitation_id: uuid.UUID, token: str) -> None:
    await conn.execute(
        f"INSERT INTO {schema}.source_invitation_tokens (invitation_id, token_hash) VALUES ($1, $2)",
        invitation_id,
        digest(token),
    )


async def invitation_for(conn: Any, schema: str, token: str) -> uuid.UUID | None:
    value = await conn.fetchval(
        f"SELECT invitation_id FROM {schema}.source_invitation_tokens WHERE token_hash = $1", digest(token)
    )
    return value if isinstance(value, uuid.UUID) else None


async def forget(conn: Any, schema: str, invitation_ids: list[uuid.UUID]) -> None:
    await conn.execute(
        f"DELETE FROM {schema}.source_invitation_tokens WHERE invitation_id = ANY($1::uuid[])", invitation_ids
    )
