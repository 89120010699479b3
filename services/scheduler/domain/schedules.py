"""The schedule aggregate, one stream per schedule id: an input feeding an output of the same c_env from a start to
an end. Source and destination never change (delete and create another for that); its times may, until it has
finished. ``scope`` is the caller's organisation, or None for a superuser."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import reduce
from typing import Literal

from common.errors import Conflict, Invalid, NotFound
from scheduler.domain.events import (
    BookingMoved,
    DomainEvent,
    OutputBooked,
    ScheduleChanged,
    ScheduleCreated,
    ScheduleDeleted,
    ScheduleDisconnected,
    SubscriptionChanged,
)

STREAM_PREFIX = "schedule-"
Status = Literal["scheduled", "running", "finished"]


def stream_id(schedule_id: uuid.UUID) -> str:
    return f"{STREAM_PREFIX}{schedule_id}"


@dataclass(frozen=True)
class Schedule:
    live: bool = False
    schedule_id: uuid.UUID | None = None
    organisation_id: int = 0
    environment_id: uuid.UUID | None = None
    input_organisation_id: int = 0
    input_id: str = ""
    output_id: str = ""
    start: datetime | None = None
    end: datetime | None = None
    event_id: uuid.UUID | None = None
    timed_by_event: bool = False
    permanent: bool = False

    def status(self, now: datetime) -> Status:
        assert self.start is not None and self.end is not None
        return "scheduled" if now < self.start else "running" if now < self.end else "finished"


def evolve(current: Schedule, event: DomainEvent) -> Schedule:
    match event:
        case ScheduleCreated():
            return Schedule(True, event.schedule_id, event.organisation_id, event.environment_id,
                            event.input_organisation_id, event.input_id, event.output_id, event.start,
                            event.end, event.event_id, event.timed_by_event, event.permanent)  # fmt: skip
        case ScheduleChanged():
            return replace(current, start=event.start, end=event.end)
        case SubscriptionChanged():
            return replace(current, input_id=event.input_id, output_id=event.output_id, start=event.start,
                           end=event.end, timed_by_event=event.timed_by_event)  # fmt: skip
        case ScheduleDisconnected():
            return replace(current, end=event.end)
        case ScheduleDeleted():
            return replace(current, live=False)
    return current


def fold(events: Sequence[DomainEvent]) -> Schedule:
    return reduce(evolve, events, Schedule())


def times(start: datetime | None, end: datetime, now: datetime) -> tuple[datetime, datetime]:
    """``start`` None is now; the end must come after the start and after now (a window wholly past runs nothing)."""
    start = now if start is None else start
    if end <= start:
        raise Invalid("end_time must be after start_time", "end_time")
    if end <= now:
        raise Invalid("end_time must be in the future", "end_time")
    return start, end


def create(
    current: Schedule, taker_id: int, schedule_id: uuid.UUID, environment_id: uuid.UUID, input_organisation_id: int,
    input_id: str, output_id: str, start: datetime, end: datetime, permanent: bool = False,
) -> list[DomainEvent]:  # fmt: skip
    if current.schedule_id is not None:
        raise Conflict(f"schedule {schedule_id} exists")
    return [ScheduleCreated(organisation_id=taker_id, schedule_id=schedule_id, environment_id=environment_id,
                            input_organisation_id=input_organisation_id, input_id=input_id, output_id=output_id,
                            start=start, end=end, permanent=permanent)]  # fmt: skip


def subscribe(current: Schedule, booked: OutputBooked) -> list[DomainEvent]:
    """A124: the schedule of an event subscription, as its booking on the environment was decided."""
    if current.schedule_id is not None:
        raise Conflict(f"schedule {booked.schedule_id} exists")
    return [ScheduleCreated(organisation_id=booked.organisation_id, schedule_id=booked.schedule_id,
                            environment_id=booked.environment_id, input_organisation_id=booked.input_organisation_id,
                            input_id=booked.input_id, output_id=booked.output_id, start=booked.start, end=booked.end,
                            event_id=booked.event_id, timed_by_event=booked.timed_by_event)]  # fmt: skip


def visible(current: Schedule, scope: int | None) -> Schedule:
    if not current.live or (scope is not None and current.organisation_id != scope):
        raise NotFound("schedule not found")
    return current


def changed_times(
    current: Schedule, scope: int | None, start: datetime | None, keep_start: bool, end: datetime | None,
    now: datetime,
) -> tuple[datetime, datetime]:  # fmt: skip
    """The schedule's times after an update: ``keep_start`` leaves the start (so a running entry can be extended),
    else ``start`` None is now; an end left out stays. A finished schedule cannot change."""
    visible(current, scope)
    assert current.start is not None and current.end is not None
    if current.event_id is not None:
        raise Conflict("an event subscription changes through /api/event_subscriptions/{schedule_id} (A125)")
    if current.permanent:
        raise Conflict("a permanent schedule runs until its agreement expires: delete it to end it")
    if current.status(now) == "finished":
        raise Conflict("the schedule has finished: it cannot change")
    return times(current.start if keep_start else start, current.end if end is None else end, now)


def change(current: Schedule, start: datetime, end: datetime) -> list[DomainEvent]:
    if (current.start, current.end) == (start, end):
        return []
    assert current.schedule_id is not None
    return [ScheduleChanged(organisation_id=current.organisation_id, schedule_id=current.schedule_id, start=start,
                            end=end)]  # fmt: skip


def disconnect(current: Schedule, scope: int | None, now: datetime) -> list[DomainEvent]:
    """P10: a running entry stops now (its schedule stays, finished); an event subscription is deleted instead."""
    visible(current, scope)
    assert current.schedule_id is not None
    if current.event_id is not None:
        raise Conflict("an event subscription is ended by deleting it", "schedule_id")
    if current.status(now) != "running":
        raise Conflict(f"the schedule is {current.status(now)}, not running: nothing to disconnect", "schedule_id")
    return [ScheduleDisconnected(organisation_id=current.organisation_id, schedule_id=current.schedule_id, end=now)]


def delete(current: Schedule, scope: int | None) -> list[DomainEvent]:
    visible(current, scope)
    assert current.schedule_id is not None
    return [ScheduleDeleted(organisation_id=current.organisation_id, schedule_id=current.schedule_id)]


def follow(current: Schedule, moved: BookingMoved) -> list[DomainEvent]:
    """A subscription follows its booking, moved by its event (its input or times) or by its taker (A125)."""
    if not current.live:
        return []
    assert current.schedule_id is not None
    return [SubscriptionChanged(organisation_id=current.organisation_id, schedule_id=current.schedule_id,
                                input_id=moved.input_id, output_id=moved.output_id, start=moved.start,
                                end=moved.end, timed_by_event=moved.timed_by_event)]  # fmt: skip
