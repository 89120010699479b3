"""Running intervals come from the set of observed changes ordered by when they occurred (decision 47): any
arrival order, with any repeats, gives the intervals of in-order delivery."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from billing.domain.usage import BILLED, Change, Interval, intervals

T0 = datetime(2026, 3, 1, tzinfo=UTC)
STATES = ["requested", "provisioning", "running", "stopping", "stopped", "starting", "restarting", "upgrading",
          "failed", "deleting", "deleted"]  # fmt: skip


@st.composite
def lifecycles(draw: st.DrawFn) -> list[Change]:
    states = draw(st.lists(st.sampled_from(STATES), min_size=1, max_size=12))
    gaps = draw(st.lists(st.integers(1, 7200), min_size=len(states), max_size=len(states)))
    changes, at, previous = [], T0, "requested"
    for state, gap in zip(states, gaps, strict=True):
        at += timedelta(seconds=gap)
        changes.append(Change(at, previous, state))
        previous = state
    return changes


def walk(in_order: list[Change]) -> list[Interval]:
    """What in-order delivery gives: the state after the last change of each instant decides."""
    found: list[Interval] = []
    start = None
    for i, change in enumerate(in_order):
        if i + 1 < len(in_order) and in_order[i + 1].occurred_at == change.occurred_at:
            continue
        if change.state in BILLED and start is None:
            start = change.occurred_at
        elif change.state not in BILLED and start is not None:
            found.append(Interval(start, change.occurred_at))
            start = None
    return [*found, Interval(start, None)] if start is not None else found


@given(lifecycles(), st.data())
def test_any_arrival_order_with_repeats_gives_the_in_order_intervals(
    changes: list[Change], data: st.DataObject
) -> None:
    repeats = data.draw(st.lists(st.sampled_from(changes), max_size=6))
    arrived = data.draw(st.permutations(changes + repeats))
    assert intervals(arrived) == walk(changes)


def test_a_stop_arriving_after_a_later_start_still_ends_the_first_interval() -> None:
    at = [T0 + timedelta(hours=h) for h in range(4)]
    changes = [Change(at[0], "provisioning", "running"), Change(at[1], "running", "stopping"),
               Change(at[1] + timedelta(minutes=1), "stopping", "stopped"), Change(at[2], "stopped", "starting"),
               Change(at[3], "starting", "running")]  # fmt: skip
    late_stop = [changes[0], changes[3], changes[4], changes[2], changes[1]]
    assert intervals(late_stop) == [Interval(at[0], changes[2].occurred_at), Interval(at[3], None)]


def test_changes_of_one_instant_settle_on_the_end_of_their_chain_whatever_their_order() -> None:
    chain = [Change(T0, "running", "stopping"), Change(T0, "stopping", "stopped")]
    started = Change(T0 - timedelta(hours=1), "starting", "running")
    assert intervals([started, *chain]) == intervals([started, *reversed(chain)]) == [Interval(started.occurred_at, T0)]
