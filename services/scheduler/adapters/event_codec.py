"""The one place the scheduler's domain events meet the store (the full sets' events have their own codec, in
``common.full_sets``)."""

from __future__ import annotations

from common.eventstore import NewEvent
from common.eventstore.codec import EventCodec
from scheduler.domain.events import ALL, DomainEvent

CODEC = EventCodec[DomainEvent](ALL)
name_of, decode, decode_all = CODEC.name_of, CODEC.decode, CODEC.decode_all


def encode(event: DomainEvent) -> NewEvent:
    return CODEC.encode(event, {"organisation_id": event.organisation_id})
