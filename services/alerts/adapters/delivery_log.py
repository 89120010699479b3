"""The ``DeliveryLog`` port in Postgres: ``alerts.deliveries``, one row per (raise, repeat, state, target).

A row is claimed by moving it to ``sending`` with a lease, in a statement of its own, so the intent is committed
before the send starts. Rows ``sending`` past their lease were interrupted mid-send: dead-lettered, never resent.
``retrying`` rows past their lease (their worker stopped between tries) may be claimed again: their last try
failed, so nothing was sent.

The delivery worker's statements (on the pool: ``_planned``) run each in a transaction of its own, planned for its
values: they run on every poll and for every delivery, and a plan kept from while few deliveries were kept would read
them all each time (decision 93).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from alerts.domain.deliveries import INTERRUPTED, AlertFired, Status, Target, webhook_key
from alerts.service_layer.delivery_ports import Delivery, MethodTargets
from common.db import custom_planned

MAX_ERROR = 1000


class PostgresDeliveryLog:
    def __init__(self, conn: Any, schema: str) -> None:
        self.conn, self.s = conn, schema

    async def method(self, method_id: uuid.UUID) -> MethodTargets | None:
        row = await self.conn.fetchrow(
            f"SELECT alert_type, notification_parameters FROM {self.s}.alert_methods WHERE id = $1", method_id
        )
        if row is None:
            return None
        hooks = await self.conn.fetch(
            f"SELECT url FROM {self.s}.slack_webhooks WHERE method_id = $1 ORDER BY position", method_id
        )
        return MethodTargets(row["alert_type"], tuple(row["notification_parameters"]), tuple(h["url"] for h in hooks))

    async def record(
        self, fired: AlertFired, targets: Sequence[Target], status: Status, reason: str | None, now: datetime
    ) -> int:
        rows = await self.conn.fetch(
            f"""INSERT INTO {self.s}.deliveries
                (id, raise_id, state, target_key, target, alert_type, alert_id, organisation_id,
                 created_by_organisation_id, method_id, fired, status, last_error, created_at, updated_at, repeat)
                SELECT gen_random_uuid(), $1, $2, t.key, t.shown, t.kind, $3, $4, $5, $6, $7, $8, $9, $10, $10, $14
                FROM unnest($11::text[], $12::text[], $13::text[]) AS t(key, shown, kind)
                ON CONFLICT (raise_id, repeat, state, target_key) DO NOTHING RETURNING 1""",
            fired.raise_id, fired.state, fired.alert_id, fired.organisation_id, fired.created_by_organisation_id,
            fired.alert_method_id, fired.model_dump(mode="json"), status, reason, now,
            [t.key for t in targets], [t.shown for t in targets], [t.alert_type for t in targets], fired.repeat,
        )  # fmt: skip
        return len(rows)

    async def claim(self, now: datetime, lease_seconds: float, max_attempts: int) -> Delivery | None:
        rows = await self._planned(
            f"""UPDATE {self.s}.deliveries SET status = 'sending', attempts = attempts + 1, lease_until = $2,
                       updated_at = $1
                WHERE id = (SELECT id FROM {self.s}.deliveries
                            WHERE status = 'pending'
                               OR (status = 'retrying' AND lease_until < $1 AND attempts < $3)
                            ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING id, fired, target_key, target, alert_type, attempts""",
            now, now + timedelta(seconds=lease_seconds), max_attempts,
        )  # fmt: skip
        if not rows:
            return None
        row = rows[0]
        target = Target(row["alert_type"], row["target_key"], row["target"])
        return Delivery(row["id"], AlertFired.model_validate(row["fired"]), target, row["attempts"])

    async def resume(self, delivery_id: uuid.UUID, now: datetime, lease_seconds: float) -> bool:
        resumed = await self._planned(
            f"""UPDATE {self.s}.deliveries SET status = 'sending', attempts = attempts + 1, lease_until = $3,
                       updated_at = $2
                WHERE id = $1 AND status = 'retrying' RETURNING 1""",
            delivery_id, now, now + timedelta(seconds=lease_seconds),
        )  # fmt: skip
        return bool(resumed)

    async def failed(self, delivery_id: uuid.UUID, error: str, now: datetime, lease_seconds: float) -> None:
        await self._outcome(delivery_id, "retrying", error, now, lease_until=now + timedelta(seconds=lease_seconds))

    async def sent(self, delivery_id: uuid.UUID, now: datetime) -> None:
        await self._outcome(delivery_id, "sent", None, now, sent_at=now)

    async def dead_letter(self, delivery_id: uuid.UUID, reason: str, now: datetime) -> None:
        await self._outcome(delivery_id, "dead_lettered", reason, now)

    async def sweep_interrupted(self, now: datetime) -> int:
        rows = await self._planned(
            f"""UPDATE {self.s}.deliveries SET status = 'dead_lettered', last_error = $2, lease_until = NULL,
                       updated_at = $1
                WHERE status = 'sending' AND lease_until < $1 RETURNING 1""",
            now, INTERRUPTED,
        )  # fmt: skip
        return len(rows)

    async def webhook(self, method_id: uuid.UUID, key: str) -> str | None:
        hooks = await self.conn.fetch(f"SELECT url FROM {self.s}.slack_webhooks WHERE method_id = $1", method_id)
        return next((h["url"] for h in hooks if webhook_key(h["url"]) == key), None)

    async def slack_raise(self, alert_id: uuid.UUID, raise_id: uuid.UUID) -> int | None:
        organisation_id: int | None = await self.conn.fetchval(
            f"""SELECT organisation_id FROM {self.s}.deliveries
                WHERE alert_id = $1 AND raise_id = $2 AND alert_type = 'slack' LIMIT 1""",
            alert_id, raise_id,
        )  # fmt: skip
        return organisation_id

    async def _outcome(
        self, delivery_id: uuid.UUID, status: Status, error: str | None, now: datetime,
        lease_until: datetime | None = None, sent_at: datetime | None = None,
    ) -> None:  # fmt: skip
        # Only the worker holding the attempt records its outcome: after a sweep, a late answer changes nothing.
        await self._planned(
            f"""UPDATE {self.s}.deliveries SET status = $2, last_error = $3, lease_until = $4, updated_at = $5,
                       sent_at = COALESCE($6, sent_at)
                WHERE id = $1 AND status = 'sending'""",
            delivery_id, status, None if error is None else error[:MAX_ERROR], lease_until, now, sent_at,
        )  # fmt: skip

    async def _planned(self, sql: str, *args: Any) -> list[Any]:
        async with custom_planned(self.conn) as conn:
            return await conn.fetch(sql, *args)  # type: ignore[no-any-return]
