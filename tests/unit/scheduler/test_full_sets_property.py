"""``common.full_sets``: whatever happens (recomputes, answers in any order and repeated, reports, chases), the
version only grows, what the target is recorded to hold never goes back, and a target that lacks the newest set
is sent it."""

from __future__ import annotations

import uuid

from hypothesis import given
from hypothesis import strategies as st

from common import full_sets
from common.full_sets import FullSet, FullSetComputed, FullSetResent

KIND, TARGET = "things", uuid.UUID(int=9)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("compute"), st.integers(0, 3)),
        st.tuples(st.just("held"), st.integers(0, 12)),
        st.tuples(st.just("reported"), st.integers(0, 12)),
        st.tuples(st.just("chase"), st.integers(1, 4)),
    ),
    max_size=40,
)


def decide(current: FullSet, operation: str, n: int) -> list[full_sets.FullSetEvent]:
    match operation:
        case "compute":
            return full_sets.compute(current, KIND, TARGET, [{"item": i} for i in range(n)])
        case "held":
            return full_sets.held(current, KIND, TARGET, n)
        case "reported":
            return full_sets.reported(current, KIND, TARGET, n)
    return full_sets.chase(current, KIND, TARGET, n)


@given(operations)
def test_versions_only_grow_and_what_is_held_never_goes_back(plan: list[tuple[str, int]]) -> None:
    current, history = FullSet(), []
    for operation, n in plan:
        decided = decide(current, operation, n)
        for event in decided:
            if isinstance(event, FullSetComputed):
                assert event.version == current.version + 1
            if isinstance(event, FullSetResent):
                assert (event.version, event.items) == (current.version, list(current.items))
        history += decided
        after = full_sets.fold(history)
        assert after.version >= current.version and after.applied >= current.applied
        assert after.applied <= after.version
        if operation == "reported" and n < after.version:
            assert any(isinstance(e, FullSetResent) for e in decided)
        current = after


def test_an_unchanged_set_records_nothing_and_a_changed_one_the_next_version() -> None:
    first = full_sets.compute(FullSet(), KIND, TARGET, [{"a": 1}])
    current = full_sets.fold(first)
    assert full_sets.compute(current, KIND, TARGET, [{"a": 1}]) == []
    assert full_sets.compute(FullSet(), KIND, TARGET, []) == []
    [second] = full_sets.compute(current, KIND, TARGET, [])
    assert isinstance(second, FullSetComputed) and (second.version, second.items) == (2, [])


def test_an_unanswered_set_is_chased_a_few_times_then_left() -> None:
    current = full_sets.fold(full_sets.compute(FullSet(), KIND, TARGET, [{"a": 1}]))
    history: list[full_sets.FullSetEvent] = []
    for _ in range(5):
        history += full_sets.chase(full_sets.fold([*full_sets.compute(FullSet(), KIND, TARGET, [{"a": 1}]), *history]),
                                   KIND, TARGET, 3)  # fmt: skip
    assert [e.attempt for e in history if isinstance(e, FullSetResent)] == [2, 3]
    answered = full_sets.fold([*full_sets.compute(FullSet(), KIND, TARGET, [{"a": 1}]),
                               *full_sets.held(current, KIND, TARGET, 1)])  # fmt: skip
    assert full_sets.chase(answered, KIND, TARGET, 3) == []
