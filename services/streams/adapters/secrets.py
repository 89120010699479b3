"""The ``Secrets`` port in Postgres: each output's credentials, by taker organisation, output id and name."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from common.unit_of_work import UnitOfWork, Work


class PostgresSecrets:
    def __init__(self, conn: Any, schema: str) -> None:
        self.conn, self.s = conn, schema

    async def keep(self, taker_id: int, output_id: str, name: str, value: str) -> None:
        await self.conn.execute(
            f"""INSERT INTO {self.s}.output_secrets (organisation_id, output_id, name, value) VALUES ($1, $2, $3, $4)
                ON CONFLICT (organisation_id, output_id, name) DO UPDATE SET value = excluded.value""",
            taker_id, output_id, name, value,
        )  # fmt: skip

    async def forget(self, taker_id: int, output_id: str, names: Collection[str] | None = None) -> None:
        await self.conn.execute(
            f"""DELETE FROM {self.s}.output_secrets WHERE organisation_id = $1 AND output_id = $2
                  AND ($3::text[] IS NULL OR name = ANY($3::text[]))""",
            taker_id, output_id, None if names is None else list(names),
        )  # fmt: skip


def secrets_of(work: UnitOfWork) -> PostgresSecrets:
    assert isinstance(work, Work), "secrets live in the unit's own transaction"
    return PostgresSecrets(work.conn, work.schema)
