"""Login throttling, kept in Postgres so every replica agrees (see docs/decisions/0031).

Every attempt is counted before its password is checked, in one transaction that locks the rows of
its keys, so simultaneous attempts cannot all slip under a limit. An attempt that a key refuses is
not counted against the others. Keys: the account from one address (the lock-out its owner meets only
after mistyping from their own address), the address, and the account from anywhere (a far higher
limit, against guessing spread over many addresses). A key that trips again waits twice as long.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import asyncpg

from common.db import CUSTOM_PLANS, custom_planned
from gateway.domain.identities import email_key

MAX_DOUBLINGS = 6


@dataclass(frozen=True)
class Limits:
    per_account_and_address: int
    per_address: int
    per_account: int


class LoginThrottle:
    def __init__(self, pool: asyncpg.Pool, schema: str, window_seconds: int, limits: Limits) -> None:
        self.pool, self.table = pool, f"{schema}.login_failures"
        self.window = timedelta(seconds=window_seconds)
        self.limits = {"pair": limits.per_account_and_address, "address": limits.per_address,
                       "account": limits.per_account}  # fmt: skip

    @staticmethod
    def keys(email: str, address: str | None) -> dict[str, str]:
        account = email_key(email)
        return {"pair": _pair_prefix(account) + (address or "unknown"), "address": f"address:{address or 'unknown'}",
                "account": f"account:{account}"}  # fmt: skip

    async def claim(self, keys: dict[str, str]) -> int | None:
        """Count one attempt against every key, or none when a key refuses it: then seconds to wait. Planned for the
        keys each time: a plan kept from while few keys were known would scan them all (an attack adds many)."""
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(CUSTOM_PLANS)
            rows = await conn.fetch(self._open_windows(), sorted(keys.values()), self.window)
            by_key = {row["key"]: row for row in rows}
            over = [by_key[key] for kind, key in keys.items() if by_key[key]["failures"] >= self.limits[kind]]
            waits = [self._wait(row) for row in over]
            if waits:
                return max(waits)
            await conn.execute(self._count(), list(keys.values()), [self.limits[k] for k in keys])
        return None

    def _open_windows(self) -> str:
        """Lock (creating them if new) the keys' rows in one order; a window that ran out starts again."""
        t = self.table
        span = f"$2::interval * power(2, least(greatest({t}.strikes - 1, 0), {MAX_DOUBLINGS}))"
        return f"""INSERT INTO {t} (key, window_start, failures) SELECT k, now(), 0 FROM unnest($1::text[]) AS k
                   ON CONFLICT (key) DO UPDATE SET
                     failures = CASE WHEN {t}.window_start + {span} < now() THEN 0 ELSE {t}.failures END,
                     window_start = CASE WHEN {t}.window_start + {span} < now() THEN now() ELSE {t}.window_start END
                   RETURNING key, window_start, failures, strikes"""

    def _count(self) -> str:
        """One more failure (until the password proves otherwise); reaching the limit is a strike."""
        return f"""UPDATE {self.table} t SET failures = t.failures + 1,
                     strikes = t.strikes + CASE WHEN t.failures + 1 >= l.limit_ THEN 1 ELSE 0 END
                   FROM unnest($1::text[], $2::int[]) AS l(key, limit_) WHERE t.key = l.key"""

    def _wait(self, row: asyncpg.Record) -> int:
        span = self.window * 2 ** min(max(row["strikes"] - 1, 0), MAX_DOUBLINGS)
        return max(int((row["window_start"] + span - datetime.now(UTC)).total_seconds()) + 1, 1)

    async def succeeded(self, keys: dict[str, str]) -> None:
        """The password was right: the account's counts (from this address and from anywhere) start afresh."""
        sql = f"DELETE FROM {self.table} WHERE key = ANY($1::text[])"
        async with custom_planned(self.pool) as conn:
            await conn.execute(sql, [keys["pair"], keys["account"]])

    async def forget_account(self, email: str) -> None:
        """Its owner proved control of the address (a password reset): the account may be tried again."""
        account = email_key(email)
        sql = f"DELETE FROM {self.table} WHERE starts_with(key, $1) OR key = $2"
        await self.pool.execute(sql, _pair_prefix(account), f"account:{account}")


def _pair_prefix(account: str) -> str:
    """The account's length first, so no account's prefix is another's."""
    return f"pair:{len(account)}:{account}:"
