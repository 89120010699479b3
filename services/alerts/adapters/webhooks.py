"""The ``Webhooks`` port in Postgres: each Slack method's webhook URLs, in the order they were given."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from common.unit_of_work import UnitOfWork, Work


class PostgresWebhooks:
    def __init__(self, conn: Any, schema: str) -> None:
        self.conn, self.s = conn, schema

    async def keep(self, method_id: uuid.UUID, urls: Sequence[str]) -> None:
        await self.forget([method_id])
        await self.conn.executemany(
            f"INSERT INTO {self.s}.slack_webhooks (method_id, position, url) VALUES ($1, $2, $3)",
            [(method_id, position, url) for position, url in enumerate(urls)],
        )

    async def forget(self, method_ids: Sequence[uuid.UUID]) -> None:
        await self.conn.execute(f"DELETE FROM {self.s}.slack_webhooks WHERE method_id = ANY($1::uuid[])", method_ids)


def webhooks_of(work: UnitOfWork) -> PostgresWebhooks:
    assert isinstance(work, Work), "webhooks live in the unit's own transaction"
    return PostgresWebhooks(work.conn, work.schema)
