"""``common.full_sets``: whatever happens (recomputes, answers in any order and repeated, reports, chases), the
version only grows, what the target is recorded to hold never goes back, and a target that lacks the newest set
is sent it again."""

from __future__ import annotations

import uuid

from hypothesis import given
from hypothesis import strategies as st

from common import full_sets
from common.full_sets import FullSet, FullSetChased, FullSetVersioned

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


def items(n: int) -> full_sets.Items:
    return [{"item": i} for i in range(n)]


def decide(current: FullSet, operation: str, n: int) -> list[full_sets.FullSetEvent]:
    match operation:
        case "compute":
            return full_sets.compute(current, KIND, TARGET, items(n))
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
            if isinstance(event, FullSetVersioned):
                assert event.version == current.version + 1 and event.digest == full_sets.digest_of(items(n))
            if isinstance(event, FullSetChased):
                assert event.version == current.version
        history += decided
        after = full_sets.fold(history)
        assert after.version >= current.version and after.applied >= current.applied
        assert after.applied <= after.version
        if operation == "reported" and n < after.version:
            assert any(isinstance(e, FullSetChased) for e in decided)
        current = after


def test_an_unchanged_set_records_nothing_and_a_changed_one_the_next_version() -> None:
    first = full_sets.compute(FullSet(), KIND, TARGET, [{"a": 1}])
    current = full_sets.fold(first)
    assert full_sets.compute(current, KIND, TARGET, [{"a": 1}]) == []
    assert full_sets.compute(FullSet(), KIND, TARGET, []) == []
    [second] = full_sets.compute(current, KIND, TARGET, [])
    assert isinstance(second, FullSetVersioned) and (second.version, second.digest) == (2, full_sets.NOTHING)


def test_an_unanswered_set_is_chased_a_few_times_then_left() -> None:
    history: list[full_sets.FullSetEvent] = list(full_sets.compute(FullSet(), KIND, TARGET, [{"a": 1}]))
    for _ in range(5):
        history += full_sets.chase(full_sets.fold(history), KIND, TARGET, 3)
    assert [e.attempt for e in history if isinstance(e, FullSetChased)] == [2, 3]
    answered = full_sets.fold([*history, *full_sets.held(full_sets.fold(history), KIND, TARGET, 1)])
    assert full_sets.chase(answered, KIND, TARGET, 3) == []
