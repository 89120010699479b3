"""The one place billing's domain events meet the store, through ``common.eventstore.codec``."""

from __future__ import annotations

from billing.domain.events import ALL, DomainEvent
from common.eventstore import NewEvent
from common.eventstore.codec import EventCodec, UnknownEvent

CODEC = EventCodec[DomainEvent](ALL)
TYPES, name_of, decode, decode_all = CODEC.types, CODEC.name_of, CODEC.decode, CODEC.decode_all
__all__ = ["CODEC", "TYPES", "UnknownEvent", "decode", "decode_all", "encode", "name_of"]


def encode(event: DomainEvent) -> NewEvent:
    return CODEC.encode(event, {} if event.organisation_id is None else {"organisation_id": event.organisation_id})
