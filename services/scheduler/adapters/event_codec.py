"""The one place the scheduler's domain events (and its full-set events) meet the store."""

from __future__ import annotations

from pydantic import BaseModel

from common import full_sets
from common.eventstore import NewEvent
from common.eventstore.codec import EventCodec
from scheduler.domain.events import ALL

CODEC = EventCodec[BaseModel]((*ALL, *full_sets.EVENTS))
name_of, decode, decode_all = CODEC.name_of, CODEC.decode, CODEC.decode_all


def encode(event: BaseModel) -> NewEvent:
    organisation_id = getattr(event, "organisation_id", None)
    return CODEC.encode(event, {} if organisation_id is None else {"organisation_id": organisation_id})
