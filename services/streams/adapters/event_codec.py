"""The one place streams' domain events meet the store, through ``common.eventstore.codec``."""

from __future__ import annotations

from common.eventstore import NewEvent
from common.eventstore.codec import EventCodec, UnknownEvent
from streams.domain.channel_events import CHANNEL_EVENTS
from streams.domain.events import ALL, DomainEvent

CODEC = EventCodec[DomainEvent]((*ALL, *CHANNEL_EVENTS))
TYPES, name_of, decode, decode_all = CODEC.types, CODEC.name_of, CODEC.decode, CODEC.decode_all
__all__ = ["CODEC", "TYPES", "UnknownEvent", "decode", "decode_all", "encode", "name_of"]


def encode(event: DomainEvent) -> NewEvent:
    return CODEC.encode(event, {"organisation_id": event.organisation_id})
