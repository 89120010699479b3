"""Whatever sequence of bookings, moves and releases is asked of an environment, no output is ever booked twice
at one instant, and every refusal names a booking that really clashes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from common.errors import Conflict
from scheduler.contract.times import overlaps
from scheduler.domain import bookings, environment
from scheduler.domain.events import DomainEvent, EnvironmentNoted, InputNoted, OutputNoted

ORG = 100
ENV = uuid.UUID(int=1)
T0 = datetime(2030, 1, 1, tzinfo=UTC)
OUTPUTS = ["out-0", "out-1"]
SCHEDULES = [uuid.UUID(int=100 + i) for i in range(6)]


def opening() -> list[DomainEvent]:
    return [
        EnvironmentNoted(organisation_id=ORG, environment_id=ENV, state="running", as_of=T0),
        InputNoted(organisation_id=ORG, environment_id=ENV, input_id="in-0", version=1, deleted=False),
        *(OutputNoted(organisation_id=ORG, environment_id=ENV, output_id=o, version=1, deleted=False) for o in OUTPUTS),
    ]


windows = st.tuples(st.integers(0, 20), st.integers(1, 8)).map(
    lambda w: (T0 + timedelta(minutes=w[0]), T0 + timedelta(minutes=w[0] + w[1]))
)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("book"), st.sampled_from(SCHEDULES), st.sampled_from(OUTPUTS), windows),
        st.tuples(st.just("move"), st.sampled_from(SCHEDULES), st.just(""), windows),
        st.tuples(st.just("release"), st.sampled_from(SCHEDULES), st.just(""), windows),
    ),
    max_size=30,
)


@settings(max_examples=200)
@given(steps)
def test_no_output_is_ever_booked_twice_at_one_instant(plan: list[tuple[str, uuid.UUID, str, tuple]]) -> None:
    history = opening()
    env = environment.fold(history)
    for action, schedule_id, output_id, (start, end) in plan:
        try:
            if action == "book" and schedule_id not in env.bookings:
                decided = bookings.book(env, ORG, schedule_id, ORG, "in-0", output_id, start, end)
            elif action == "move" and schedule_id in env.bookings:
                decided = bookings.move(env, schedule_id, start, end)
            else:
                decided = bookings.release(env, schedule_id)
        except Conflict as refused:
            booked = env.bookings[schedule_id] if action == "move" else None
            output = booked.output_id if booked else output_id
            assert any(str(other) in refused.detail and b.output_id == output and overlaps(start, end, b.start, b.end)
                       for other, b in env.bookings.items() if other != schedule_id), refused.detail  # fmt: skip
            continue
        for event in decided:
            env = environment.evolve(env, event)
        history += decided
        held = list(env.bookings.values())
        for i, a in enumerate(held):
            for b in held[i + 1 :]:
                assert a.output_id != b.output_id or not overlaps(a.start, a.end, b.start, b.end)
    assert environment.fold(history) == env, "folding the history gives what evolving it step by step gave"
