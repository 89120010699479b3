"""The ``Passwords`` port in Postgres: each SRT output's password, by taker organisation and output id."""

from __future__ import annotations

from typing import Any

from common.unit_of_work import UnitOfWork, Work


class PostgresPasswords:
    def __init__(self, conn: Any, schema: str) -> None:
        self.conn, self.s = conn, schema

    async def keep(self, taker_id: int, output_id: str, password: str) -> None:
        await self.conn.execute(
            f"""INSERT INTO {self.s}.output_passwords (organisation_id, output_id, password) VALUES ($1, $2, $3)
                ON CONFLICT (organisation_id, output_id) DO UPDATE SET password = excluded.password""",
            taker_id, output_id, password,
        )  # fmt: skip

    async def forget(self, taker_id: int, output_id: str) -> None:
        await self.conn.execute(
            f"DELETE FROM {self.s}.output_passwords WHERE organisation_id = $1 AND output_id = $2", taker_id, output_id
        )


def passwords_of(work: UnitOfWork) -> PostgresPasswords:
    assert isinstance(work, Work), "passwords live in the unit's own transaction"
    return PostgresPasswords(work.conn, work.schema)
