"""The scheduler's environment folded whole (at a process's first load) and event by event (continuing from a kept
state, decision 72) is the same environment, whatever the history and wherever the kept state was cut."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from scheduler.domain import environment
from scheduler.domain import events as e

ENV = uuid.UUID(int=1)
AT = datetime(2026, 12, 2, tzinfo=UTC)
ids = st.sampled_from([uuid.UUID(int=n) for n in range(2, 6)])
names = st.sampled_from(["a", "b", "c"])
times = st.integers(0, 100).map(lambda minutes: AT + timedelta(minutes=minutes))
org = st.sampled_from([7, 8])


def _booking(kind: type[e.Booking]) -> st.SearchStrategy[e.DomainEvent]:
    return st.builds(kind, organisation_id=org, environment_id=st.just(ENV), schedule_id=ids, input_organisation_id=org,
                     input_id=names, output_id=names, start=times, end=times, event_id=st.none() | ids,
                     timed_by_event=st.booleans(), permanent=st.booleans())  # fmt: skip


history = st.lists(st.one_of(
    st.builds(e.EnvironmentNoted, organisation_id=org, environment_id=st.just(ENV),
              state=st.sampled_from(["running", "stopped", "deleted"]), as_of=times),
    st.builds(e.InputNoted, organisation_id=org, environment_id=st.just(ENV), input_id=names,
              version=st.integers(1, 5), deleted=st.booleans(), bitrate_kbps=st.sampled_from([0, 4000])),
    st.builds(e.CapacityNoted, organisation_id=org, environment_id=st.just(ENV),
              max_outputs=st.none() | st.integers(0, 3), bandwidth_kbps=st.none() | st.integers(0, 9000),
              cloud_provider=st.sampled_from(["", "aws"]), instance_type=st.sampled_from(["", "c5.large"])),
    st.builds(e.EnvironmentResized, organisation_id=org, environment_id=st.just(ENV),
              instance_type=st.sampled_from(["c5.large", "c5.xlarge"]), max_outputs=st.integers(0, 3),
              bandwidth_kbps=st.integers(0, 9000)),
    st.builds(e.OutputNoted, organisation_id=org, environment_id=st.just(ENV), output_id=names,
              version=st.integers(1, 5), deleted=st.booleans()),
    _booking(e.OutputBooked), _booking(e.BookingMoved),
    st.builds(e.AgreementNoted, organisation_id=org, environment_id=st.just(ENV), output_id=names, agreement_id=ids,
              bitrate_kbps=st.sampled_from([1000, 8000]), expires_at=times, live=st.booleans()),
    st.builds(e.BookingReleased, organisation_id=org, environment_id=st.just(ENV), schedule_id=ids),
    st.builds(e.EventPlaced, organisation_id=org, environment_id=st.just(ENV), event_id=ids, input_id=names,
              start=times, end=times),
    st.builds(e.EventUnplaced, organisation_id=org, environment_id=st.just(ENV), event_id=ids),
), max_size=30)  # fmt: skip


@given(history, st.integers(0, 30))
def test_whole_and_step_by_step_folds_agree(events: list[e.DomainEvent], cut: int) -> None:
    kept = environment.fold(events[:cut])
    assert environment.fold.evolve_all(kept, events[cut:]) == environment.fold(events)
