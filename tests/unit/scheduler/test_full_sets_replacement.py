"""``common.full_sets.replacement_key``: a send of one kind's set to one target is replaced by a later send of that
kind to that target, whatever its version or attempt; control events and other kinds or targets are not."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from common import full_sets
from common.eventstore import RecordedEvent

A, B = uuid.UUID(int=1), uuid.UUID(int=2)


def recorded(event: full_sets.FullSetEvent) -> RecordedEvent:
    new = full_sets.CODEC.encode(event)
    return RecordedEvent("s", 1, new.type, new.data, {}, 1, 1, datetime.now(UTC))


def test_sends_of_one_kind_to_one_target_share_a_key_and_nothing_else_does() -> None:
    computed = full_sets.FullSetComputed(set_kind="schedules", target_id=A, version=2, items=[{"x": 1}])
    resent = full_sets.FullSetResent(set_kind="schedules", target_id=A, version=1, items=[], attempt=2)
    keys = [full_sets.replacement_key(recorded(event)) for event in (
        computed, resent,
        computed.model_copy(update={"target_id": B}), computed.model_copy(update={"set_kind": "alerts"}),
        full_sets.FullSetVersioned(set_kind="schedules", target_id=A, version=2, digest="d"),
        full_sets.FullSetHeld(set_kind="schedules", target_id=A, version=2),
    )]  # fmt: skip
    assert keys[0] == keys[1] is not None
    assert len({*keys[:4]}) == 3 and keys[4:] == [None, None]  # the first two alike, the next two apart
