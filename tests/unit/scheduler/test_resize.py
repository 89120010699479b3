"""A c_env resized (A200 naming its machine's instance type, decision 82): the new type's capacity decides who
starts, by the same priority; who starts depends on the type the c_env runs on now, never on the sizes it had
before nor on the order its bookings were made in; an unknown type is refused naming the field."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.errors import Invalid, NotFound
from scheduler.domain import environment, schedule_set
from scheduler.domain.capacity import Capacity
from scheduler.domain.environment import Environment
from scheduler.domain.events import DomainEvent, EnvironmentNoted, InputNoted, OutputBooked, OutputNoted

ENV = uuid.UUID(int=99)
T0 = datetime(2030, 1, 1, tzinfo=UTC)
AWS = ["c5.large", "c5.xlarge", "c5.2xlarge"]  # 10, 25 and 50 outputs; 750, 1250 and 2500 Mbit/s


def requested(instance_type: str, cloud_provider: str = "aws") -> list[DomainEvent]:
    env = Environment()
    return [EnvironmentNoted(organisation_id=1, environment_id=ENV, state="running", as_of=T0),
            *environment.note_capacity(env, ENV, 1, cloud_provider, instance_type)]  # fmt: skip


def resized(history: list[DomainEvent], instance_type: str) -> list[DomainEvent]:
    return [*history, *environment.resize(environment.fold(history), instance_type)]


Booking = tuple[int, int, int]  # start minute, length in minutes, input's bitrate (kbps)
bookings = st.lists(st.tuples(st.integers(0, 30), st.integers(1, 60), st.sampled_from([0, 40_000, 90_000])),
                    max_size=60)  # fmt: skip


def booked(made: list[Booking], order: list[int]) -> list[DomainEvent]:
    """One input per bitrate, an output per booking, the bookings made in ``order``."""
    rates = sorted({rate for _, _, rate in made})
    return [
        *(InputNoted(organisation_id=1, environment_id=ENV, input_id=f"in-{r}", version=1, deleted=False,
                     bitrate_kbps=r) for r in rates),
        *(OutputNoted(organisation_id=1, environment_id=ENV, output_id=f"out-{n}", version=1, deleted=False)
          for n in range(len(made))),
        *(OutputBooked(organisation_id=1, environment_id=ENV, schedule_id=uuid.UUID(int=n + 1),
                       input_organisation_id=1, input_id=f"in-{made[n][2]}", output_id=f"out-{n}",
                       start=T0 + timedelta(minutes=made[n][0]),
                       end=T0 + timedelta(minutes=made[n][0] + made[n][1])) for n in order),
    ]  # fmt: skip


@given(bookings, st.lists(st.sampled_from(AWS), min_size=1, max_size=4), st.sampled_from(AWS))
def test_who_starts_depends_on_the_type_run_now_not_on_the_sizes_before(
    made: list[Booking], sizes: list[str], first: str
) -> None:
    history = requested(first) + booked(made, list(range(len(made))))
    for size in sizes:
        history = resized(history, size)
    as_if_requested_so = requested(sizes[-1]) + booked(made, list(range(len(made))))
    assert schedule_set.refused(environment.fold(history), T0) == schedule_set.refused(
        environment.fold(as_if_requested_so), T0
    )


@given(bookings, st.sampled_from(AWS), st.randoms())
def test_who_starts_after_a_resize_does_not_hang_on_the_order_bookings_of_equal_starts_were_made(
    made: list[Booking], size: str, rng: object
) -> None:
    """Creation breaks ties of equal starts only: among distinct starts the shuffled order changes nothing."""
    distinct = list({start: (start, length, rate) for start, length, rate in made}.values())
    order = list(range(len(distinct)))
    rng.shuffle(order)  # type: ignore[attr-defined]
    one = environment.fold(resized(requested("c5.2xlarge") + booked(distinct, order), size))
    other = environment.fold(resized(requested("c5.2xlarge") + booked(distinct, sorted(order)), size))
    assert schedule_set.refused(one, T0) == schedule_set.refused(other, T0)


def test_a_scale_down_stops_the_last_in_priority_and_a_scale_up_lets_them_in() -> None:
    made = [(n, 60, 0) for n in range(12)]  # twelve at once, each starting a minute after the one before
    small = requested("c5.large") + booked(made, list(reversed(range(12))))  # made latest start first
    assert schedule_set.refused(environment.fold(small), T0) == {uuid.UUID(int=11), uuid.UUID(int=12)}
    bigger = resized(small, "c5.xlarge")
    assert environment.fold(bigger).capacity == Capacity(25, 1_250_000)
    assert schedule_set.refused(environment.fold(bigger), T0) == frozenset()
    assert schedule_set.refused(environment.fold(resized(bigger, "c5.large")), T0) == {
        uuid.UUID(int=11), uuid.UUID(int=12)}  # fmt: skip


def test_an_unchanged_type_records_nothing_and_an_unknown_one_is_refused_naming_the_field() -> None:
    history = requested("c5.large")
    assert environment.resize(environment.fold(history), "c5.large") == []
    with pytest.raises(Invalid) as refused:
        environment.resize(environment.fold(history), "n2-standard-4")  # gcp's, not aws's
    assert refused.value.field == "instance_type"
    with pytest.raises(NotFound):
        environment.resize(Environment(), "c5.large")


def test_the_requested_type_counts_only_until_a_type_is_known() -> None:
    history = resized(requested("c5.large"), "c5.xlarge")
    assert environment.note_capacity(environment.fold(history), ENV, 1, "aws", "c5.large") == []
    unknown = requested("t-tiny")
    assert environment.fold(unknown).capacity is None and environment.fold(unknown).cloud_provider == "aws"
    assert environment.fold(resized(unknown, "c5.large")).capacity == Capacity(10, 750_000)
