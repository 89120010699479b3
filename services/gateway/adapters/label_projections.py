"""The projection of access labels."""

from __future__ import annotations

from typing import Any

from common.eventstore import RecordedEvent
from common.projections import Projection
from gateway.adapters.codec import on
from gateway.domain import events as ev


async def _label_created(conn: Any, s: str, e: RecordedEvent, d: ev.LabelCreated) -> None:
    await conn.execute(
        f"INSERT INTO {s}.labels (id, organisation_id, text, created_at) VALUES ($1, $2, $3, $4)",
        d.label_id,
        d.organisation_id,
        d.text,
        e.recorded_at,
    )


async def _label_renamed(conn: Any, s: str, e: RecordedEvent, d: ev.LabelRenamed) -> None:
    await conn.execute(f"UPDATE {s}.labels SET text = $2 WHERE id = $1", d.label_id, d.text)


async def _label_deleted(conn: Any, s: str, e: RecordedEvent, d: ev.LabelDeleted) -> None:
    await conn.execute(f"DELETE FROM {s}.labels WHERE id = $1", d.label_id)


LABELS = Projection(
    "labels",
    ["labels"],
    dict(
        [on(ev.LabelCreated, _label_created), on(ev.LabelRenamed, _label_renamed), on(ev.LabelDeleted, _label_deleted)]
    ),
)
