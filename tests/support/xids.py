"""Moving the cluster's transaction id counter, so tests can place events at chosen transaction ids."""

from __future__ import annotations

import asyncpg


async def current_xid(conn: asyncpg.Connection) -> int:
    return int(await conn.fetchval("SELECT pg_current_xact_id()"))


async def advance_xids_past(conn: asyncpg.Connection, target: int) -> int:
    """Consume transaction ids until the next one handed out is above ``target``; returns that next one.

    Each subtransaction that writes takes an id from the cluster-wide counter, so one DO block with
    a loop of them burns thousands of ids in milliseconds (nothing is kept: the table is temporary).
    """
    while (now := await current_xid(conn)) <= target:
        count = min(target - now + 1, 200_000)
        await conn.execute(
            f"""
            CREATE TEMP TABLE IF NOT EXISTS xid_burner (n int);
            DO $$ BEGIN
              FOR i IN 1..{int(count)} LOOP
                BEGIN INSERT INTO xid_burner VALUES (i); EXCEPTION WHEN others THEN NULL; END;
              END LOOP;
            END $$;
            DROP TABLE xid_burner;
            """
        )
    return await current_xid(conn)
