"""Whatever sequence of event moves, subscriptions, resubscriptions and schedules is asked of an environment, every
subscription timed by its event holds the event's times and input, no output is booked twice at one instant, and
``fold`` of the history equals ``evolve`` step by step."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from functools import reduce
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from common.errors import DomainError
from scheduler.contract.times import overlaps
from scheduler.domain import bookings, environment
from scheduler.domain.events import DomainEvent, EnvironmentNoted, InputNoted, OutputNoted

ORG = 100
ENV = uuid.UUID(int=1)
T0 = datetime(2030, 1, 1, tzinfo=UTC)
NOW = T0 - timedelta(days=1)
INPUTS, OUTPUTS = ["in-0", "in-1"], ["out-0", "out-1", "out-2"]
EVENTS = [uuid.UUID(int=10 + i) for i in range(2)]
SCHEDULES = [uuid.UUID(int=100 + i) for i in range(6)]


def opening() -> list[DomainEvent]:
    return [
        EnvironmentNoted(organisation_id=ORG, environment_id=ENV, state="running", as_of=T0),
        *(InputNoted(organisation_id=ORG, environment_id=ENV, input_id=i, version=1, deleted=False) for i in INPUTS),
        *(OutputNoted(organisation_id=ORG, environment_id=ENV, output_id=o, version=1, deleted=False) for o in OUTPUTS),
    ]


windows = st.tuples(st.integers(0, 20), st.integers(1, 8)).map(
    lambda w: (T0 + timedelta(minutes=w[0]), T0 + timedelta(minutes=w[0] + w[1]))
)
steps = st.lists(
    st.tuples(st.sampled_from(["place", "subscribe", "resubscribe", "book", "unplace"]), st.sampled_from(EVENTS),
              st.sampled_from(SCHEDULES), st.sampled_from(OUTPUTS), st.sampled_from(INPUTS), st.booleans(),
              windows),
    max_size=30,
)  # fmt: skip


def decide(env: environment.Environment, step: tuple[Any, ...]) -> list[DomainEvent]:
    action, event_id, schedule_id, output_id, input_id, timed, (start, end) = step
    match action:
        case "place":
            return bookings.place_event(env, ORG, event_id, input_id, start, end)
        case "subscribe" if schedule_id not in env.bookings:
            return bookings.subscribe(env, ORG, schedule_id, event_id, output_id, timed, start, end, NOW)
        case "resubscribe":
            return bookings.resubscribe(env, schedule_id, output_id, timed, start, end, NOW)
        case "book" if schedule_id not in env.bookings:
            return bookings.book(env, ORG, schedule_id, ORG, input_id, output_id, start, end)
        case "unplace":
            return bookings.unplace_event(env, event_id)
    return []


@settings(max_examples=300)
@given(steps)
def test_subscriptions_follow_their_event_and_never_overlap(plan: list[tuple[Any, ...]]) -> None:
    history = opening()
    env = environment.fold(history)
    for step in plan:
        try:
            decided = decide(env, step)
        except DomainError:
            continue
        history += decided
        env = reduce(environment.evolve, decided, env)
        for booked in env.bookings.values():
            if booked.event_id is not None:
                placed = env.events[booked.event_id]
                assert booked.input_id == placed.input_id
                if booked.timed_by_event:
                    assert (booked.start, booked.end) == (placed.start, placed.end)
        for a_id, a in env.bookings.items():
            for b_id, b in env.bookings.items():
                if a_id != b_id and a.output_id == b.output_id:
                    assert not overlaps(a.start, a.end, b.start, b.end), (a, b)
    assert environment.fold(history) == env
