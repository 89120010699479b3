"""How PostgreSQL planned the statements a test ran on one connection: a prepared statement settles on a generic plan
after five runs, made from the tables' statistics of that moment (decisions 90 and 93)."""

from __future__ import annotations

from typing import Any


async def prepared_plans(conn: Any, *patterns: str) -> list[Any]:
    """``statement``, ``generic_plans`` and ``custom_plans`` of each statement prepared on ``conn`` whose text matches
    every LIKE pattern (this query itself left out)."""
    matching = " AND ".join(f"statement LIKE ${n}" for n in range(1, len(patterns) + 1))
    return list(await conn.fetch(
        f"""SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements
            WHERE {matching} AND statement NOT LIKE '%pg_prepared_statements%'""",
        *patterns,
    ))  # fmt: skip
