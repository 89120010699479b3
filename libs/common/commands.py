"""Running a command against one aggregate: load, decide, append, project; retried on conflicts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from common.errors import Conflict
from common.eventstore import ConcurrencyError, NewEvent, PostgresEventStore, RecordedEvent
from common.projections import Projection, apply_all

S = TypeVar("S")
ATTEMPTS = 3


async def execute(
    store: PostgresEventStore,
    projections: Sequence[Projection],
    stream_id: str,
    fold: Callable[[Sequence[RecordedEvent]], S],
    decide: Callable[[S], Sequence[NewEvent]],
    attempts: int = ATTEMPTS,
) -> tuple[S, list[RecordedEvent]]:
    """Decide against the stream's current state; on a concurrent append, reload and decide again."""
    for _ in range(attempts):
        try:
            async with store.transaction() as tx:
                history = await tx.load(stream_id)
                state = fold(history)
                recorded = await tx.append(stream_id, len(history), decide(state))
                await apply_all(tx.conn, store.schema, projections, recorded)
                return state, recorded
        except ConcurrencyError:
            continue
    raise Conflict(f"{stream_id} kept changing under this request; try again")


def data_of(events: Sequence[RecordedEvent], event_type: str) -> list[dict[str, Any]]:
    return [e.data for e in events if e.type == event_type]
