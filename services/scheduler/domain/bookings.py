"""The bookings of a c_env's outputs, decided on its stream (``environment``): a schedule books an output for a
window (A198, A106 until its agreement expires), moves (A204) or is released; an event is placed on the environment
and its subscriptions (A124, A125) follow it. Two bookings of one output at one instant are refused with 409 naming
the other schedule."""

from __future__ import annotations

import uuid
from datetime import datetime

from common.errors import Conflict, Invalid, NotFound
from scheduler.contract.times import overlaps
from scheduler.domain.environment import CLOSED, Environment, Placed
from scheduler.domain.events import BookingMoved, BookingReleased, DomainEvent, EventPlaced, EventUnplaced, OutputBooked


def clash(env: Environment, taker_id: int, output_id: str, start: datetime, end: datetime,
          besides: uuid.UUID | None = None) -> uuid.UUID | None:  # fmt: skip
    """The first other schedule using the output at some instant of [start, end), if any."""
    for schedule_id, b in sorted(env.bookings.items(), key=lambda item: (item[1].start, str(item[0]))):
        same_output = (b.taker_id, b.output_id) == (taker_id, output_id)
        if schedule_id != besides and same_output and overlaps(start, end, b.start, b.end):
            return schedule_id
    return None


def _open(env: Environment) -> uuid.UUID:
    if not env.known or env.environment_id is None:
        raise NotFound("environment not found", "output_id")
    if env.state in CLOSED:
        raise Conflict(f"the environment is {env.state}: its schedules cannot change", "output_id")
    return env.environment_id


def _free(env: Environment, taker_id: int, output_id: str, start: datetime, end: datetime,
          besides: uuid.UUID | None = None) -> None:  # fmt: skip
    other = clash(env, taker_id, output_id, start, end, besides)
    if other is not None:
        raise Conflict(f"the output {output_id!r} is used by schedule {other} at the same time", "output_id")


def book(
    env: Environment, taker_id: int, schedule_id: uuid.UUID, input_organisation_id: int, input_id: str,
    output_id: str, start: datetime, end: datetime, permanent: bool = False,
) -> list[DomainEvent]:  # fmt: skip
    environment_id = _open(env)
    if not env.has_output(taker_id, output_id):
        raise NotFound("output not found", "output_id")
    if not env.has_input(input_organisation_id, input_id):
        raise Invalid(f"the input {input_id!r} is not on the output's environment", "input_id")
    _free(env, taker_id, output_id, start, end)
    return [OutputBooked(organisation_id=taker_id, environment_id=environment_id, schedule_id=schedule_id,
                         input_organisation_id=input_organisation_id, input_id=input_id, output_id=output_id,
                         start=start, end=end, permanent=permanent)]  # fmt: skip


def permanent_end(env: Environment, taker_id: int, input_id: str, output_id: str, now: datetime) -> datetime:
    """A106: the output must be bound to an agreement that has not expired, and the input may not reach more than
    the agreement's bitrate; the schedule runs until the agreement expires."""
    bound = env.agreements.get((taker_id, output_id))
    if bound is None:
        raise Invalid(f"the output {output_id!r} is not bound to a permanent-schedule agreement", "output_id")
    if bound.expires_at <= now:
        raise Conflict(f"the agreement {bound.agreement_id} of the output has expired", "output_id")
    seen = env.inputs.get((taker_id, input_id))
    if seen is not None and seen.live and not seen.bitrate_kbps:
        raise Invalid(f"the input {input_id!r} has no maximum bitrate to hold against the agreement's: set its "
                      "max_allowed_bitrate_kbps", "input_id")  # fmt: skip
    if seen is not None and seen.bitrate_kbps > bound.bitrate_kbps:
        raise Invalid(f"the input {input_id!r} may reach {seen.bitrate_kbps} kbps, over the agreement's "
                      f"{bound.bitrate_kbps} kbps", "input_id")  # fmt: skip
    return bound.expires_at


def move(env: Environment, schedule_id: uuid.UUID, start: datetime, end: datetime) -> list[DomainEvent]:
    environment_id = _open(env)
    booked = env.bookings.get(schedule_id)
    if booked is None:
        raise NotFound("schedule not found")
    if (booked.start, booked.end) == (start, end):
        return []
    _free(env, booked.taker_id, booked.output_id, start, end, besides=schedule_id)
    return [BookingMoved(organisation_id=booked.taker_id, environment_id=environment_id, schedule_id=schedule_id,
                         input_organisation_id=booked.input_organisation_id, input_id=booked.input_id,
                         output_id=booked.output_id, start=start, end=end)]  # fmt: skip


def release(env: Environment, schedule_id: uuid.UUID) -> list[DomainEvent]:
    booked = env.bookings.get(schedule_id)
    if booked is None or env.environment_id is None:
        return []
    return [BookingReleased(organisation_id=booked.taker_id, environment_id=env.environment_id,
                            schedule_id=schedule_id)]  # fmt: skip


def place_event(
    env: Environment, organisation_id: int, event_id: uuid.UUID, input_id: str, start: datetime, end: datetime
) -> list[DomainEvent]:
    """The event shows its owner's input on this running environment from start to end; every subscription it
    times moves with it (its input follows the event's), refused as a whole when one would then overlap another
    schedule of its output."""
    environment_id = _open(env)
    if env.state != "running":
        raise Conflict(f"the environment is {env.state}: events are made on a running environment", "input_id")
    if not env.has_input(organisation_id, input_id):
        raise NotFound("input not found", "input_id")
    placed = Placed(organisation_id, input_id, start, end)
    if env.events.get(event_id) == placed:
        return []
    decided: list[DomainEvent] = [EventPlaced(organisation_id=organisation_id, environment_id=environment_id,
                                              event_id=event_id, input_id=input_id, start=start, end=end)]  # fmt: skip
    for schedule_id, b in sorted(env.bookings.items(), key=lambda item: str(item[0])):
        if b.event_id != event_id:
            continue
        begins, ends = (start, end) if b.timed_by_event else (b.start, b.end)
        if (b.input_id, b.start, b.end) == (input_id, begins, ends):
            continue
        _free(env, b.taker_id, b.output_id, begins, ends, besides=schedule_id)
        decided.append(BookingMoved(organisation_id=b.taker_id, environment_id=environment_id,
                                    schedule_id=schedule_id, input_organisation_id=organisation_id,
                                    input_id=input_id, output_id=b.output_id, start=begins, end=ends,
                                    event_id=event_id, timed_by_event=b.timed_by_event))  # fmt: skip
    return decided


def subscriptions_of(env: Environment, event_id: uuid.UUID) -> list[uuid.UUID]:
    return sorted((k for k, b in env.bookings.items() if b.event_id == event_id), key=str)


def unplace_event(env: Environment, event_id: uuid.UUID) -> list[DomainEvent]:
    """The event goes, and every subscription to it with it."""
    if event_id not in env.events or env.environment_id is None:
        return []
    released = [e for schedule_id in subscriptions_of(env, event_id) for e in release(env, schedule_id)]
    return [EventUnplaced(organisation_id=env.events[event_id].organisation_id, environment_id=env.environment_id,
                          event_id=event_id), *released]  # fmt: skip


def subscribe(
    env: Environment, taker_id: int, schedule_id: uuid.UUID, event_id: uuid.UUID, output_id: str, timed: bool,
    start: datetime | None, end: datetime | None, now: datetime,
) -> list[DomainEvent]:  # fmt: skip
    """A124: the output takes the event's input, from the event's times (``timed``) or its own."""
    environment_id = _open(env)
    placed = env.events.get(event_id)
    if placed is None:
        raise Invalid("the event's input is not on the output's environment", "event_id")
    if not env.has_output(taker_id, output_id):
        raise NotFound("output not found", "output_id")
    begins, ends = _window(placed, timed, start, end, now)
    _free(env, taker_id, output_id, begins, ends)
    return [OutputBooked(organisation_id=taker_id, environment_id=environment_id, schedule_id=schedule_id,
                         input_organisation_id=placed.organisation_id, input_id=placed.input_id,
                         output_id=output_id, start=begins, end=ends, event_id=event_id,
                         timed_by_event=timed)]  # fmt: skip


def resubscribe(
    env: Environment, schedule_id: uuid.UUID, output_id: str, timed: bool, start: datetime | None,
    end: datetime | None, now: datetime,
) -> list[DomainEvent]:  # fmt: skip
    """A125: another output of the taker on the environment, and/or other timing."""
    environment_id = _open(env)
    booked = env.bookings.get(schedule_id)
    if booked is None or booked.event_id is None or booked.event_id not in env.events:
        raise NotFound("event subscription not found")
    if not env.has_output(booked.taker_id, output_id):
        raise NotFound("output not found", "output_id")
    placed = env.events[booked.event_id]
    begins, ends = _window(placed, timed, start, end, now)
    if (booked.output_id, booked.start, booked.end, booked.timed_by_event) == (output_id, begins, ends, timed):
        return []
    _free(env, booked.taker_id, output_id, begins, ends, besides=schedule_id)
    return [BookingMoved(organisation_id=booked.taker_id, environment_id=environment_id, schedule_id=schedule_id,
                         input_organisation_id=placed.organisation_id, input_id=placed.input_id,
                         output_id=output_id, start=begins, end=ends, event_id=booked.event_id,
                         timed_by_event=timed)]  # fmt: skip


def _window(
    placed: Placed, timed: bool, start: datetime | None, end: datetime | None, now: datetime
) -> tuple[datetime, datetime]:  # fmt: skip
    if timed:
        if placed.end <= now:
            raise Conflict("the event has ended", "event_id")
        return placed.start, placed.end
    if start is None or end is None:
        raise Invalid("start_time and end_time are required unless timed_by_event_owner", "start_time")
    if end <= start:
        raise Invalid("end_time must be after start_time", "end_time")
    if end <= now:
        raise Invalid("end_time must be in the future", "end_time")
    return start, end
