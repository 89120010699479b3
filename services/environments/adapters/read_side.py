"""The ports of the use cases on Postgres: the projections, the liveness table and the catalogue."""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection
from datetime import datetime
from typing import Any

from cenv_agent.contract.messages import Load
from environments.domain.lifecycle import State


class PostgresCatalogue:
    def __init__(self, db: Any, schema: str) -> None:
        self.db, self.s = db, schema

    async def has_provider(self, provider: str) -> bool:
        return bool(await self.db.fetchval(f"SELECT true FROM {self.s}.cloud_providers WHERE id = $1", provider))

    async def has_region(self, provider: str, region: str) -> bool:
        query = f"SELECT true FROM {self.s}.regions WHERE cloud_provider = $1 AND id = $2"
        return bool(await self.db.fetchval(query, provider, region))

    async def has_instance_type(self, provider: str, region: str, instance_type: str) -> bool:
        query = f"SELECT true FROM {self.s}.instance_types WHERE cloud_provider = $1 AND region = $2 AND id = $3"
        return bool(await self.db.fetchval(query, provider, region, instance_type))


class PostgresLiveness:
    """``db``: the consumer's connection, so what the agent said commits with the rest of the message's effects."""

    def __init__(self, db: Any, schema: str) -> None:
        self.db, self.s = db, schema

    async def heard(
        self, environment_id: uuid.UUID, *, boot_id: uuid.UUID | None = None, media_state: str | None = None,
        version: str | None = None, load: Load | None = None,
    ) -> None:  # fmt: skip
        await self.db.execute(
            f"""INSERT INTO {self.s}.environment_liveness
                  (environment_id, last_heartbeat_at, boot_id, media_state, agent_version, load)
                VALUES ($1, now(), $2, $3, $4, $5)
                ON CONFLICT (environment_id) DO UPDATE SET last_heartbeat_at = now(),
                  boot_id = coalesce(excluded.boot_id, environment_liveness.boot_id),
                  media_state = coalesce(excluded.media_state, environment_liveness.media_state),
                  agent_version = coalesce(excluded.agent_version, environment_liveness.agent_version),
                  load = coalesce(excluded.load, environment_liveness.load)""",
            environment_id, boot_id, media_state, version,
            json.loads(load.model_dump_json()) if load is not None else None,
        )  # fmt: skip


class PostgresIndex:
    def __init__(self, db: Any, schema: str) -> None:
        self.db, self.s = db, schema

    async def now(self) -> datetime:
        return await self.db.fetchval("SELECT now()")  # type: ignore[no-any-return]

    async def of_organisation(self, organisation_id: int) -> list[uuid.UUID]:
        query = f"""SELECT id FROM {self.s}.environments
                    WHERE organisation_id = $1 AND state NOT IN ('deleting', 'deleted')"""
        return [row["id"] for row in await self.db.fetch(query, organisation_id)]

    async def in_states(self, states: Collection[State]) -> list[uuid.UUID]:
        query = f"SELECT id FROM {self.s}.environments WHERE state = ANY($1::text[])"
        return [row["id"] for row in await self.db.fetch(query, sorted(states))]

    async def commands_unanswered(self, since: datetime) -> list[uuid.UUID]:
        query = f"""SELECT DISTINCT environment_id FROM {self.s}.agent_commands
                    WHERE finished_at IS NULL AND last_issued_at < $1"""
        return [row["environment_id"] for row in await self.db.fetch(query, since)]

    async def silent(self, states: Collection[State], since: datetime) -> list[tuple[uuid.UUID, datetime | None]]:
        rows = await self.db.fetch(
            f"""SELECT e.id, l.last_heartbeat_at FROM {self.s}.environments e
                LEFT JOIN {self.s}.environment_liveness l ON l.environment_id = e.id
                WHERE e.state = ANY($1::text[]) AND e.health <> 'unreachable'
                  AND coalesce(l.last_heartbeat_at, e.updated_at) < $2""",
            sorted(states), since,
        )  # fmt: skip
        return [(row["id"], row["last_heartbeat_at"]) for row in rows]
