"""The ``Known`` port in Postgres: environments, inputs and outputs as their owners' events said, and the alerts
projection, read in the unit's own transaction."""

from __future__ import annotations

import uuid
from typing import Any

from alerts.adapters.guests import shown
from common.unit_of_work import UnitOfWork, Work

SET_FIELDS = (
    "id AS alert_id, side, endpoint_id, alert_on_query, query_param, query_value, query_time_range, "
    "alert_check_frequency, alert_after, alert_repeat, status"
)


class PostgresKnown:
    def __init__(self, conn: Any, schema: str) -> None:
        self.conn, self.s = conn, schema

    async def owner(self, environment_id: uuid.UUID) -> int | None:
        sql = f"SELECT organisation_id FROM {self.s}.environments WHERE id = $1"
        return await self.conn.fetchval(sql, environment_id)  # type: ignore[no-any-return]

    async def has_input(self, environment_id: uuid.UUID, organisation_id: int, input_id: str) -> bool:
        sql = f"""SELECT true FROM {self.s}.inputs
                  WHERE organisation_id = $1 AND id = $2 AND environment_id = $3 AND NOT deleted"""
        return bool(await self.conn.fetchval(sql, organisation_id, input_id, environment_id))

    async def has_output(self, environment_id: uuid.UUID, taker_id: int, output_id: str) -> bool:
        sql = f"""SELECT true FROM {self.s}.outputs
                  WHERE taker_organisation_id = $1 AND id = $2 AND environment_id = $3 AND NOT deleted"""
        return bool(await self.conn.fetchval(sql, taker_id, output_id, environment_id))

    async def shown_to_guest(self, environment_id: uuid.UUID, guest_id: int, owner_id: int, input_id: str) -> bool:
        sql = f"SELECT {shown(self.s, '$1', '$2', '$3', '$4')}"
        return bool(await self.conn.fetchval(sql, guest_id, owner_id, environment_id, input_id))

    async def groundless(self, environment_id: uuid.UUID | None = None) -> list[tuple[uuid.UUID, uuid.UUID]]:
        """Live alerts a guest made on an owner's inputs no longer shown to it (and their environment)."""
        sql = f"""SELECT id, environment_id FROM {self.s}.alerts a
                  WHERE NOT deleted AND side = 'input' AND created_by_organisation_id <> organisation_id
                    AND ($1::uuid IS NULL OR environment_id = $1)
                    AND NOT {
            shown(self.s, "a.created_by_organisation_id", "a.organisation_id", "a.environment_id", "a.endpoint_id")
        }
                  ORDER BY environment_id, id"""
        return [(r["id"], r["environment_id"]) for r in await self.conn.fetch(sql, environment_id)]

    async def alerts_on(self, environment_id: uuid.UUID, side: str | None = None, endpoint_id: str | None = None,
                        organisation_id: int | None = None) -> list[uuid.UUID]:  # fmt: skip
        sql = f"""SELECT id FROM {self.s}.alerts WHERE environment_id = $1 AND NOT deleted
                    AND ($2::text IS NULL OR side = $2) AND ($3::text IS NULL OR endpoint_id = $3)
                    AND ($4::integer IS NULL OR organisation_id = $4 OR created_by_organisation_id = $4)
                  ORDER BY id"""
        return [r["id"] for r in await self.conn.fetch(sql, environment_id, side, endpoint_id, organisation_id)]

    async def alerts_of(self, organisation_id: int) -> list[tuple[uuid.UUID, uuid.UUID]]:
        sql = f"""SELECT id, environment_id FROM {self.s}.alerts WHERE NOT deleted
                    AND (organisation_id = $1 OR created_by_organisation_id = $1) ORDER BY id"""
        return [(r["id"], r["environment_id"]) for r in await self.conn.fetch(sql, organisation_id)]

    async def set_items(self, environment_id: uuid.UUID) -> list[dict[str, object]]:
        sql = f"""SELECT {SET_FIELDS} FROM {self.s}.alerts
                  WHERE environment_id = $1 AND NOT deleted AND NOT (muted AND muted_until IS NULL)
                  ORDER BY side, endpoint_id, id"""
        return [{**r, "alert_id": str(r["alert_id"]), "query_value": list(r["query_value"])}
                for r in await self.conn.fetch(sql, environment_id)]  # fmt: skip

    async def using_method(self, method_id: uuid.UUID) -> int:
        sql = f"SELECT count(*) FROM {self.s}.alerts WHERE alert_method_id = $1 AND NOT deleted"
        return int(await self.conn.fetchval(sql, method_id))

    # written by the consumers of environments' and streams' events, after any append of theirs

    async def environment_requested(self, environment_id: uuid.UUID, organisation_id: int) -> None:
        await self.conn.execute(
            f"INSERT INTO {self.s}.environments (id, organisation_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            environment_id, organisation_id,
        )  # fmt: skip

    async def environment_deleted(self, environment_id: uuid.UUID) -> None:
        for table in ("inputs", "outputs"):
            await self.conn.execute(f"UPDATE {self.s}.{table} SET deleted = true WHERE environment_id = $1",
                                    environment_id)  # fmt: skip
        await self.conn.execute(f"DELETE FROM {self.s}.samples WHERE environment_id = $1", environment_id)

    async def endpoint_noted(
        self, side: str, environment_id: uuid.UUID, organisation_id: int, endpoint_id: str, version: int,
        deleted: bool,
    ) -> None:  # fmt: skip
        """Kept only when newer than what was seen (an overtaken or redelivered event changes nothing)."""
        table, owner = ("inputs", "organisation_id") if side == "input" else ("outputs", "taker_organisation_id")
        await self.conn.execute(
            f"""INSERT INTO {self.s}.{table} ({owner}, id, environment_id, version, deleted) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT ({owner}, id) DO UPDATE SET environment_id = excluded.environment_id,
                    version = excluded.version, deleted = excluded.deleted
                WHERE {self.s}.{table}.version < excluded.version""",
            organisation_id, endpoint_id, environment_id, version, deleted,
        )  # fmt: skip


def known_of(work: UnitOfWork) -> PostgresKnown:
    assert isinstance(work, Work), "what alerts knows lives in the unit's own transaction"
    return PostgresKnown(work.conn, work.schema)
