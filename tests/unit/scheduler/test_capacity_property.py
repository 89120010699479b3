"""Who starts on a c_env that cannot carry its whole schedule set (decision 76): the started entries never exceed
the instance type's outputs or bandwidth at any instant, the choice depends on the set alone (not on the order it is
given in), and it follows the documented priority."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from scheduler.domain import bookings, capacity, environment, schedule_set
from scheduler.domain.capacity import Candidate, Capacity
from scheduler.domain.events import CapacityNoted, EnvironmentNoted, InputNoted, OutputBooked, OutputNoted

T0 = datetime(2030, 1, 1, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


@st.composite
def candidates(draw: st.DrawFn) -> list[Candidate]:
    count = draw(st.integers(0, 25))
    made = []
    for n in range(count):
        start = draw(st.integers(0, 60))
        made.append(Candidate(uuid.UUID(int=n + 1), at(start), at(start + draw(st.integers(1, 60))),
                              draw(st.sampled_from([0, 1000, 4000, 8000])), draw(st.booleans()),
                              draw(st.integers(0, 50))))  # fmt: skip
    return made


capacities = st.builds(Capacity, st.integers(0, 6), st.sampled_from([0, 5000, 10_000, 20_000]))


@given(candidates(), capacities)
def test_the_started_entries_never_exceed_the_capacity(given_: list[Candidate], cap: Capacity) -> None:
    left_out = capacity.refused(given_, cap)
    started = [c for c in given_ if c.schedule_id not in left_out]
    for instant in {c.start for c in started}:
        running = [c for c in started if c.start <= instant < c.end]
        assert len(running) <= cap.max_outputs
        assert sum(c.bitrate_kbps for c in running) <= cap.bandwidth_kbps


@given(candidates(), capacities, st.randoms())
def test_the_choice_is_a_function_of_the_set_alone(given_: list[Candidate], cap: Capacity, rng: object) -> None:
    shuffled = list(given_)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert capacity.refused(shuffled, cap) == capacity.refused(given_, cap)


@given(candidates())
def test_without_a_known_capacity_every_entry_starts(given_: list[Candidate]) -> None:
    assert capacity.refused(given_, None) == frozenset()


@given(candidates(), capacities)
def test_nothing_is_refused_that_fits_beside_every_started_entry_ahead_of_it(
    given_: list[Candidate], cap: Capacity
) -> None:
    """An entry is refused only when it would not fit even were every started entry ahead of it in priority that
    touches its window running at once."""
    left_out = capacity.refused(given_, cap)
    for c in given_:
        if c.schedule_id in left_out:
            ahead = [o for o in given_ if o.priority < c.priority and o.schedule_id not in left_out
                     and o.start < c.end and c.start < o.end]  # fmt: skip
            assert len(ahead) + 1 > cap.max_outputs or (
                sum(o.bitrate_kbps for o in ahead) + c.bitrate_kbps > cap.bandwidth_kbps
            )


def test_permanent_first_then_by_start_then_by_creation() -> None:
    def c(n: int, start: int, permanent: bool = False, ordinal: int = 0) -> Candidate:
        return Candidate(uuid.UUID(int=n), at(start), at(start + 100), 0, permanent, ordinal)

    cap = Capacity(max_outputs=2, bandwidth_kbps=0)
    refused = capacity.refused([c(1, 0, ordinal=0), c(2, 5, permanent=True), c(3, 0, ordinal=1)], cap)
    assert refused == {uuid.UUID(int=3)}  # the permanent one, then the earlier creation of two equal starts
    assert capacity.refused([c(1, 10), c(2, 0, ordinal=5)], Capacity(1, 0)) == {uuid.UUID(int=1)}


def test_the_set_leaves_out_what_the_capacity_does_not_start_and_a_release_lets_it_in() -> None:
    env_id = uuid.UUID(int=99)
    history = [
        EnvironmentNoted(organisation_id=1, environment_id=env_id, state="running", as_of=T0),
        CapacityNoted(organisation_id=1, environment_id=env_id, max_outputs=2, bandwidth_kbps=10_000),
        InputNoted(organisation_id=1, environment_id=env_id, input_id="in", version=1, deleted=False,
                   bitrate_kbps=4000),
        *(OutputNoted(organisation_id=1, environment_id=env_id, output_id=f"out-{n}", version=1, deleted=False)
          for n in range(3)),
        *(OutputBooked(organisation_id=1, environment_id=env_id, schedule_id=uuid.UUID(int=n + 1),
                       input_organisation_id=1, input_id="in", output_id=f"out-{n}", start=at(0), end=at(30))
          for n in (2, 0, 1)),
    ]  # fmt: skip
    env = environment.fold(history)
    assert sorted(e.schedule_id.int for e in schedule_set.entries(env, at(1))) == [1, 3]  # booked first: 3 and 1
    assert schedule_set.refused(env, at(1)) == {uuid.UUID(int=2)}
    released = environment.fold([*history, *bookings.release(env, uuid.UUID(int=3))])
    assert sorted(e.schedule_id.int for e in schedule_set.entries(released, at(1))) == [1, 2]
