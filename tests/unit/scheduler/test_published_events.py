"""What the scheduler publishes of its live events: ids, input and labels at the event's stream version, never the
event's texts or image."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from common.eventstore import RecordedEvent
from scheduler.adapters.event_codec import encode
from scheduler.adapters.integration import translate
from scheduler.contract.events import EnvironmentResized, EventShown, EventWithdrawn
from scheduler.domain import events as e

EVENT, ENV, LABEL = uuid.UUID(int=1), uuid.UUID(int=2), uuid.UUID(int=3)
AT = datetime(2026, 12, 2, tzinfo=UTC)


def _recorded(event: e.DomainEvent, version: int) -> RecordedEvent:
    new = encode(event)
    return RecordedEvent(f"event-{EVENT}", version, new.type, dict(new.data), {}, version, 1, AT)


def test_a_written_event_is_shown_with_its_labels_and_a_deleted_one_withdrawn() -> None:
    written = e.LiveEventChanged(organisation_id=7, event_id=EVENT, environment_id=ENV, input_id="cam",
                                 name="Secret final", description="not for guests", label_ids=(LABEL,), start=AT,
                                 end=AT, image="ab" * 32)  # fmt: skip
    [shown] = translate(_recorded(written, 4))
    assert shown == EventShown(organisation_id=7, event_id=EVENT, version=4, environment_id=ENV, input_id="cam",
                               label_ids=[LABEL])  # fmt: skip
    assert "Secret" not in shown.model_dump_json() and "ab" * 32 not in shown.model_dump_json()
    assert translate(_recorded(e.LiveEventDeleted(organisation_id=7, event_id=EVENT), 5)) == [
        EventWithdrawn(organisation_id=7, event_id=EVENT, version=5)
    ]


def test_a_resize_is_published_at_the_environments_stream_version() -> None:
    resized = e.EnvironmentResized(organisation_id=7, environment_id=ENV, instance_type="c5.xlarge", max_outputs=25,
                                   bandwidth_kbps=1_000_000)  # fmt: skip
    assert translate(_recorded(resized, 9)) == [
        EnvironmentResized(organisation_id=7, environment_id=ENV, instance_type="c5.xlarge", version=9)
    ]
