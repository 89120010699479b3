"""A read model the services that let guests in by labels keep (streams, alerts): the scheduler's live events
(``scheduler.EventShown`` / ``EventWithdrawn``, decision 75), which input of which environment each shows, under
which labels, in a ``shown_events`` table of the service's schema. Messages may arrive in any order: the newest
version wins and a withdrawal is final."""

from __future__ import annotations

import uuid
from typing import Any

from common.bus.consumer import Handler, HandlerContext
from common.contracts import Message


class PostgresShownEvents:
    def __init__(self, conn: Any, schema: str) -> None:
        self.conn, self.s = conn, schema

    async def shown(self, event_id: uuid.UUID, organisation_id: int, version: int, environment_id: uuid.UUID | None,
                    input_id: str, label_ids: list[uuid.UUID]) -> None:  # fmt: skip
        await self.conn.execute(
            f"""INSERT INTO {self.s}.shown_events AS held
                    (event_id, organisation_id, version, environment_id, input_id, label_ids)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (event_id) DO UPDATE SET version = excluded.version,
                    environment_id = excluded.environment_id, input_id = excluded.input_id,
                    label_ids = excluded.label_ids
                WHERE held.version < excluded.version AND NOT held.withdrawn""",
            event_id, organisation_id, version, environment_id, input_id, label_ids,
        )  # fmt: skip

    async def withdrawn(self, event_id: uuid.UUID, organisation_id: int, version: int) -> None:
        await self.conn.execute(
            f"""INSERT INTO {self.s}.shown_events (event_id, organisation_id, version, input_id, label_ids, withdrawn)
                VALUES ($1, $2, $3, '', '{{}}', true)
                ON CONFLICT (event_id) DO UPDATE SET withdrawn = true, version = excluded.version""",
            event_id, organisation_id, version,
        )  # fmt: skip


def shown_events_handlers(shown: type[Message], withdrawn: type[Message]) -> dict[type[Message], Handler]:
    """The consumer's handlers of the scheduler's two messages (given by the caller: common knows no service)."""

    async def heard(ctx: HandlerContext, message: Any) -> None:
        events, withdrawing = PostgresShownEvents(ctx.conn, ctx.tx.schema), isinstance(message, withdrawn)
        if withdrawing:
            await events.withdrawn(message.event_id, message.organisation_id, message.version)
        else:
            await events.shown(message.event_id, message.organisation_id, message.version, message.environment_id,
                               message.input_id, message.label_ids)  # fmt: skip

    return {shown: heard, withdrawn: heard}
