"""The full schedule set of an environment: what still needs to do something, with live endpoints, in one order."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from scheduler.domain import environment, schedule_set
from scheduler.domain.environment import Environment
from scheduler.domain.events import DomainEvent, EnvironmentNoted, InputNoted, OutputBooked, OutputNoted

ORG, GUEST = 100, 200
ENV = uuid.UUID(int=1)
T0 = datetime(2030, 1, 1, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def studio(*more: DomainEvent) -> Environment:
    return environment.fold([
        EnvironmentNoted(organisation_id=ORG, environment_id=ENV, state="running", as_of=T0),
        InputNoted(organisation_id=ORG, environment_id=ENV, input_id="in-0", version=1, deleted=False),
        OutputNoted(organisation_id=ORG, environment_id=ENV, output_id="out-0", version=1, deleted=False),
        OutputNoted(organisation_id=ORG, environment_id=ENV, output_id="out-1", version=1, deleted=False),
        *more,
    ])  # fmt: skip


def booked(n: int, output_id: str, start: int, end: int) -> OutputBooked:
    return OutputBooked(organisation_id=ORG, environment_id=ENV, schedule_id=uuid.UUID(int=n),
                        input_organisation_id=ORG, input_id="in-0", output_id=output_id, start=at(start),
                        end=at(end))  # fmt: skip


def test_entries_that_ended_or_whose_endpoints_went_are_left_out() -> None:
    env = studio(booked(1, "out-0", 0, 10), booked(2, "out-0", 10, 20), booked(3, "out-1", 5, 30))
    assert [e.schedule_id.int for e in schedule_set.entries(env, at(10))] == [3, 2]
    gone = environment.evolve(env, OutputNoted(organisation_id=ORG, environment_id=ENV, output_id="out-1", version=2,
                                               deleted=True))  # fmt: skip
    assert [e.schedule_id.int for e in schedule_set.entries(gone, at(10))] == [2]
    no_input = environment.evolve(env, InputNoted(organisation_id=ORG, environment_id=ENV, input_id="in-0",
                                                  version=2, deleted=True))  # fmt: skip
    assert schedule_set.entries(no_input, at(0)) == []


def test_an_old_or_repeated_note_of_an_endpoint_changes_nothing() -> None:
    env = studio()
    assert environment.note_output(env, ENV, ORG, "out-0", 1, True) == []
    assert environment.note_input(env, ENV, ORG, "in-0", 1, True) == []
    assert environment.note_output(env, ENV, GUEST, "out-0", 1, False) != []


@given(st.permutations(list(range(1, 7))))
def test_the_set_is_the_same_whatever_order_the_bookings_came_in(order: list[int]) -> None:
    bookings = {n: booked(n, f"out-{n % 2}", n * 10, n * 10 + 5) for n in range(1, 7)}
    canonical = schedule_set.items(studio(*(bookings[n] for n in sorted(bookings))), at(0))
    assert schedule_set.items(studio(*(bookings[n] for n in order)), at(0)) == canonical


notes = st.lists(
    st.tuples(st.sampled_from(["input", "output"]), st.sampled_from(["in-0", "out-0", "out-1"]), st.integers(2, 6),
              st.booleans()),
    max_size=8,
)  # fmt: skip
bookings = st.lists(st.tuples(st.sampled_from(["out-0", "out-1"]), st.integers(0, 30), st.integers(1, 30)), max_size=8)


@given(bookings, notes, st.integers(0, 60))
def test_the_set_holds_exactly_the_unended_bookings_whose_input_and_output_are_there(
    booked_plan: list[tuple[str, int, int]], noted: list[tuple[str, str, int, bool]], minute: int
) -> None:
    env = studio(*(booked(n, output_id, start, start + length)
                   for n, (output_id, start, length) in enumerate(booked_plan)))  # fmt: skip
    for side, endpoint_id, version, deleted in noted:
        note = environment.note_input if side == "input" else environment.note_output
        for event in note(env, ENV, ORG, endpoint_id, version, deleted):
            env = environment.evolve(env, event)
    expected = {
        schedule_id.int
        for schedule_id, b in env.bookings.items()
        if b.end > at(minute) and env.has_input(ORG, "in-0") and env.has_output(ORG, b.output_id)
    }
    entries = schedule_set.entries(env, at(minute))
    assert {e.schedule_id.int for e in entries} == expected
    assert entries == sorted(entries, key=lambda e: (e.start, e.output_id, str(e.schedule_id)))
