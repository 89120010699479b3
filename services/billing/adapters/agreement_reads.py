"""What agreements' use cases read beside their streams: who pays, which agreements are due to finish, which are
assigned on an environment."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any


async def on_account(db: Any, s: str, organisation_id: int, currency: str) -> bool:
    """Whether staff switched the organisation to account billing (A136), or its billing details in ``currency``
    ask for it (A012's ``switch_org_billing_to_account``)."""
    sql = f"""SELECT coalesce((SELECT on_account FROM {s}.billing_settings WHERE organisation_id = $1), false)
                  OR coalesce((SELECT (details->>'switch_org_billing_to_account')::boolean FROM {s}.billing_details
                               WHERE organisation_id = $1 AND currency = $2), false)"""
    return bool(await db.fetchval(sql, organisation_id, currency))


async def due(db: Any, s: str, now: datetime) -> list[uuid.UUID]:
    sql = f"SELECT id FROM {s}.agreements WHERE NOT is_finished AND expires_at <= $1 ORDER BY expires_at, id"
    return [r["id"] for r in await db.fetch(sql, now)]


async def assigned_on(db: Any, s: str, environment_id: uuid.UUID) -> list[uuid.UUID]:
    sql = f"SELECT id FROM {s}.agreements WHERE is_assigned AND environment_id = $1 ORDER BY id"
    return [r["id"] for r in await db.fetch(sql, environment_id)]
