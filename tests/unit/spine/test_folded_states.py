"""Folding a stream from the state kept of it: always the state a whole fold of the committed history gives."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from common.eventstore import NewEvent, RecordedEvent
from common.folding import FoldedStates, Folding
from common.unit_of_work import MemoryRunner, UnitOfWork, Work

Tally = tuple[int, int]  # (events folded, sum of their amounts)
folded_whole: list[int] = []


def add(state: Tally, event: RecordedEvent) -> Tally:
    return state[0] + 1, state[1] + event.data["amount"]


def whole(events: Sequence[RecordedEvent]) -> Tally:
    folded_whole.append(len(events))
    return len(events), sum(e.data["amount"] for e in events)


tally = Folding((0, 0), add, whole)


def plain(history: Sequence[RecordedEvent]) -> Tally:
    return len(history), sum(e.data["amount"] for e in history)


class RolledBack(Exception):
    pass


async def write(work: UnitOfWork, amounts: Sequence[int], roll_back: bool) -> Tally:
    """Append ``amounts``, read the stream again inside the transaction, and maybe roll it all back."""
    await work.decide("tally", tally, lambda _: [NewEvent("Added", {"amount": a}) for a in amounts])
    inside = await work.load("tally", tally)
    if roll_back:
        raise RolledBack
    return inside


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(st.integers(-5, 5), min_size=1, max_size=4), st.booleans()), max_size=12))
async def test_a_kept_state_is_the_whole_fold_of_what_committed(writes: list[tuple[list[int], bool]]) -> None:
    run = MemoryRunner()
    for amounts, roll_back in writes:
        try:
            inside = await run(lambda work, a=amounts, r=roll_back: write(work, a, r))  # type: ignore[misc]
        except RolledBack:
            pass
        else:  # inside its own transaction, a unit sees its own events
            assert inside == plain(await run.store.load("tally"))
        committed = plain(await run.store.load("tally"))
        assert await run(lambda work: work.load("tally", tally)) == committed
        assert run.store.folded.get("tally", tally) == (committed[0], committed)


async def test_only_the_first_load_of_a_stream_folds_it_whole() -> None:
    run, folded_whole[:] = MemoryRunner(), []
    for amount in range(1, 6):
        await run(lambda work, a=amount: work.decide("tally", tally, lambda _: [NewEvent("Added", {"amount": a})]))
    assert await run(lambda work: work.load("tally", tally)) == (5, 15)
    assert folded_whole == [1]  # the second write found one event; every later load continued from there
    per_request = MemoryRunner(run.store)  # services make a runner per request: the store keeps the states
    assert await per_request(lambda work: work.load("tally", tally)) == (5, 15)
    assert folded_whole == [1]


async def test_a_plain_fold_is_never_kept() -> None:
    run = MemoryRunner()
    await run(lambda work: work.decide("tally", plain, lambda _: [NewEvent("Added", {"amount": 2})]))
    assert await run(lambda work: work.load("tally", plain)) == (1, 2)
    assert run.store.folded.get("tally", tally) == (0, (0, 0))


def test_an_older_state_never_replaces_a_newer_one() -> None:
    states = FoldedStates()
    states.keep("s", tally, 7, (7, 70))
    states.keep("s", tally, 5, (5, 50))  # a unit that loaded earlier finished later
    assert states.get("s", tally) == (7, (7, 70))


def test_the_least_recently_used_streams_are_forgotten() -> None:
    states = FoldedStates(max_streams=2)
    states.keep("a", tally, 1, (1, 1))
    states.keep("b", tally, 1, (1, 2))
    states.get("a", tally)
    states.keep("c", tally, 1, (1, 3))
    assert states.get("b", tally) == (0, (0, 0))
    assert states.get("a", tally) == (1, (1, 1))


@pytest.mark.parametrize("decode", [str, repr])
def test_a_folding_over_a_decoder_is_the_same_folding_each_time(decode: object) -> None:
    assert tally.over(decode) is tally.over(decode)  # type: ignore[arg-type]
    assert tally.over(str) is not tally.over(repr)


async def test_a_unit_on_a_transaction_of_its_own_continues_what_the_store_kept() -> None:
    """Consumers build their ``Work`` on the transaction they are handed: they share the store's kept states."""
    run, folded_whole[:] = MemoryRunner(), []
    for amount in (1, 2, 3):
        await run(lambda work, a=amount: work.decide("tally", tally, lambda _: [NewEvent("Added", {"amount": a})]))
    async with run.store.transaction() as tx:
        assert await Work(tx).load("tally", tally) == (3, 6)
    assert folded_whole == [1]


async def test_two_units_on_one_transaction_never_keep_what_either_appended_before_it_commits() -> None:
    run = MemoryRunner()
    await run(lambda work: work.decide("tally", tally, lambda _: [NewEvent("Added", {"amount": 1})]))
    with pytest.raises(RolledBack):
        async with run.store.transaction() as tx:
            await Work(tx).decide("tally", tally, lambda _: [NewEvent("Added", {"amount": 100})])
            assert await Work(tx).load("tally", tally) == (2, 101)  # another unit of the same handler
            raise RolledBack
    assert await run(lambda work: work.load("tally", tally)) == (1, 1)
