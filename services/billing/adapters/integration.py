"""What the rest of the platform hears from billing's events: that an organisation's credits ran out."""

from __future__ import annotations

from collections.abc import Sequence

from billing.adapters import event_codec
from billing.contract.events import CreditsExhausted
from billing.domain.events import CreditsRanOut
from common.contracts import Message
from common.eventstore import RecordedEvent

RAN_OUT = event_codec.name_of(CreditsRanOut)


def translate(recorded: RecordedEvent) -> Sequence[Message]:
    if recorded.type != RAN_OUT:
        return []
    event = event_codec.decode(recorded)
    assert event.organisation_id is not None
    return [CreditsExhausted(organisation_id=event.organisation_id)]
