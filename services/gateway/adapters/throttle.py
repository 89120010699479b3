"""Login throttling per account and per client address, kept in Postgres so every replica agrees."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import asyncpg


class LoginThrottle:
    def __init__(self, pool: asyncpg.Pool, schema: str, window_seconds: int, per_account: int, per_address: int):
        self.pool, self.table = pool, f"{schema}.login_failures"
        self.window = timedelta(seconds=window_seconds)
        self.limits = {"account": per_account, "address": per_address}

    @staticmethod
    def keys(email: str, address: str | None) -> dict[str, str]:
        return {"account": f"account:{email.strip().lower()}", "address": f"address:{address or 'unknown'}"}

    async def retry_after(self, keys: dict[str, str]) -> int | None:
        """Seconds until the caller may try again, or None if not throttled."""
        now = datetime.now(UTC)
        rows = await self.pool.fetch(
            f"SELECT key, window_start, failures FROM {self.table} WHERE key = ANY($1::text[])",
            list(keys.values()),
        )
        waits = [
            int((row["window_start"] + self.window - now).total_seconds()) + 1
            for row in rows
            for kind, key in keys.items()
            if row["key"] == key and row["failures"] >= self.limits[kind] and row["window_start"] + self.window > now
        ]
        return max(waits) if waits else None

    async def record_failure(self, keys: dict[str, str]) -> None:
        await self.pool.execute(
            f"""INSERT INTO {self.table} (key, window_start, failures)
                SELECT k, now(), 1 FROM unnest($1::text[]) AS k
                ON CONFLICT (key) DO UPDATE SET
                  failures = CASE WHEN {self.table}.window_start < now() - $2::interval THEN 1
                                  ELSE {self.table}.failures + 1 END,
                  window_start = CASE WHEN {self.table}.window_start < now() - $2::interval THEN now()
                                      ELSE {self.table}.window_start END""",
            list(keys.values()),
            self.window,
        )

    async def forget_account(self, keys: dict[str, str]) -> None:
        await self.pool.execute(f"DELETE FROM {self.table} WHERE key = $1", keys["account"])
