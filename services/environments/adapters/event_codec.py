"""The one place environment domain events meet the store, through ``common.eventstore.codec``.

Fields holding their default are left out of a row, as they were before the events were typed.
"""

from __future__ import annotations

from collections.abc import Iterable

from common.eventstore import RecordedEvent
from common.eventstore.codec import EventCodec, UnknownEvent
from environments.domain.events import ALL, DomainEvent, Happened

CODEC = EventCodec[DomainEvent](ALL, exclude_defaults=True)
TYPES, name_of, encode, decode = CODEC.types, CODEC.name_of, CODEC.encode, CODEC.decode
__all__ = ["CODEC", "TYPES", "UnknownEvent", "decode", "encode", "history", "name_of"]


def history(records: Iterable[RecordedEvent]) -> list[Happened]:
    return [Happened(decode(r), r.recorded_at) for r in records]
