"""What others hear from the scheduler's events: each full schedule set computed, or sent again, becomes the
``cenv.ApplyScheduleSet`` that carries it to its environment's agent; each live event written or deleted becomes
``scheduler.EventShown`` or ``scheduler.EventWithdrawn``; a resize told by an agent,
``scheduler.EnvironmentResized``."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from cenv_agent.contract.schedules import ApplyScheduleSet
from common import full_sets
from common.contracts import Message
from common.eventstore import RecordedEvent
from scheduler.adapters.event_codec import decode, name_of
from scheduler.contract.events import EnvironmentResized, EventShown, EventWithdrawn
from scheduler.domain import events as e
from scheduler.domain.schedule_set import KIND

COMMAND_IDS = uuid.UUID("0d7e3c52-8a41-4f6b-b2d9-5c1e7a90f346")


def command_id(environment_id: uuid.UUID, version: int) -> uuid.UUID:
    """One id per version of an environment's set: every send of that version is the same command."""
    return uuid.uuid5(COMMAND_IDS, f"{environment_id}/{KIND}/{version}")


def translate(recorded: RecordedEvent) -> Sequence[Message]:
    if recorded.type in LIVE_EVENTS:
        return _live_event(decode(recorded), recorded.version)
    if recorded.type == RESIZED:
        return _resized(decode(recorded), recorded.version)
    event = full_sets.decode(recorded)
    if isinstance(event, full_sets.FullSetComputed | full_sets.FullSetResent) and event.set_kind == KIND:
        return [ApplyScheduleSet.model_validate({
            "environment_id": event.target_id, "command_id": command_id(event.target_id, event.version),
            "version": event.version, "entries": event.items,
        })]  # fmt: skip
    return []


LIVE_EVENTS = frozenset(name_of(kind) for kind in (e.LiveEventCreated, e.LiveEventChanged, e.LiveEventDeleted))
RESIZED = name_of(e.EnvironmentResized)


def _resized(event: e.DomainEvent, version: int) -> list[Message]:
    assert isinstance(event, e.EnvironmentResized)
    return [EnvironmentResized(organisation_id=event.organisation_id, environment_id=event.environment_id,
                               instance_type=event.instance_type, version=version)]  # fmt: skip


def _live_event(event: e.DomainEvent, version: int) -> list[Message]:
    match event:
        case e.LiveEventWritten():
            return [EventShown(organisation_id=event.organisation_id, event_id=event.event_id, version=version,
                               environment_id=event.environment_id, input_id=event.input_id,
                               label_ids=list(event.label_ids))]  # fmt: skip
        case e.LiveEventDeleted():
            return [EventWithdrawn(organisation_id=event.organisation_id, event_id=event.event_id, version=version)]
    return []
