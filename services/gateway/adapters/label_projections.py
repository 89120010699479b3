"""The projection of access labels."""

from __future__ import annotations

import uuid
from typing import Any

from common.eventstore import RecordedEvent
from common.projections import Projection


async def _label_created(conn: Any, s: str, e: RecordedEvent) -> None:
    await conn.execute(
        f"INSERT INTO {s}.labels (id, organisation_id, text, created_at) VALUES ($1, $2, $3, $4)",
        uuid.UUID(e.data["label_id"]),
        e.data["organisation_id"],
        e.data["text"],
        e.recorded_at,
    )


async def _label_renamed(conn: Any, s: str, e: RecordedEvent) -> None:
    await conn.execute(f"UPDATE {s}.labels SET text = $2 WHERE id = $1", uuid.UUID(e.data["label_id"]), e.data["text"])


async def _label_deleted(conn: Any, s: str, e: RecordedEvent) -> None:
    await conn.execute(f"DELETE FROM {s}.labels WHERE id = $1", uuid.UUID(e.data["label_id"]))


LABELS = Projection(
    "labels",
    ["labels"],
    {"LabelCreated": _label_created, "LabelRenamed": _label_renamed, "LabelDeleted": _label_deleted},
)
