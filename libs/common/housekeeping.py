"""Pruning the spine's bookkeeping: inbox records and idempotency keys past their useful life."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import asyncpg

from common.logging import get_logger

log = get_logger(__name__)
INBOX_RETENTION = timedelta(days=7)  # far longer than any redelivery or relay replay
IDEMPOTENCY_RETENTION = timedelta(hours=24)


async def prune(pool: asyncpg.Pool, schema: str) -> tuple[int, int]:
    inbox = await pool.execute(f"DELETE FROM {schema}.inbox WHERE processed_at < now() - $1::interval", INBOX_RETENTION)
    keys = await pool.execute(
        f"DELETE FROM {schema}.idempotency_keys WHERE created_at < now() - $1::interval", IDEMPOTENCY_RETENTION
    )
    return int(inbox.split()[-1]), int(keys.split()[-1])


async def prune_forever(pool: asyncpg.Pool, schema: str, every_seconds: float = 3600) -> None:
    while True:
        try:
            removed = await prune(pool, schema)
            if any(removed):
                log.info("housekeeping_pruned", inbox=removed[0], idempotency_keys=removed[1])
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            log.warning("housekeeping_failed", error=repr(exc))
        await asyncio.sleep(every_seconds)
