"""Old inbox records and idempotency keys are pruned; recent ones stay."""

from __future__ import annotations

import uuid

import asyncpg

from common.housekeeping import prune


async def test_only_expired_bookkeeping_is_pruned(pool: asyncpg.Pool, scratch_schema: str) -> None:
    s = scratch_schema
    await pool.execute(
        f"""INSERT INTO {s}.inbox (consumer, message_id, message_type, processed_at) VALUES
            ('q', $1, 't', now() - interval '8 days'), ('q', $2, 't', now())""",
        uuid.uuid4(), uuid.uuid4(),
    )  # fmt: skip
    await pool.execute(
        f"""INSERT INTO {s}.idempotency_keys (owner, key, request_hash, created_at) VALUES
            ('u', 'old', 'h', now() - interval '25 hours'), ('u', 'new', 'h', now())"""
    )
    assert await prune(pool, s) == (1, 1)
    assert await pool.fetchval(f"SELECT count(*) FROM {s}.inbox") == 1
    assert await pool.fetchval(f"SELECT key FROM {s}.idempotency_keys") == "new"
