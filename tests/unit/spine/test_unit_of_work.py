"""The unit of work on the in-memory store: a use case written once, run without Postgres."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from common.errors import Conflict
from common.eventstore import NewEvent, RecordedEvent
from common.unit_of_work import MemoryRunner, UnitOfWork, execute


def balance(history: Sequence[RecordedEvent]) -> int:
    return sum(e.data["amount"] for e in history)


async def transfer(work: UnitOfWork, amount: int) -> None:
    """A use case over two streams: both appends commit together, or neither."""
    available = await work.load("account-a", balance)
    if available < amount:
        raise ValueError("not enough")
    await work.decide("account-a", balance, lambda _: [NewEvent("Moved", {"amount": -amount})])
    await work.decide("account-b", balance, lambda _: [NewEvent("Moved", {"amount": amount})])


async def test_a_use_case_runs_on_the_in_memory_store() -> None:
    run = MemoryRunner()
    await execute(run, "account-a", balance, lambda _: [NewEvent("Moved", {"amount": 10})])
    await run(lambda work: transfer(work, 4))
    with pytest.raises(ValueError):
        await run(lambda work: transfer(work, 7))  # nothing of it is recorded
    assert balance(await run.store.load("account-a")) == 6
    assert balance(await run.store.load("account-b")) == 4


async def test_concurrent_units_on_one_stream_are_retried_until_each_has_its_turn() -> None:
    run = MemoryRunner()
    await asyncio.gather(*(execute(run, "counter", len, lambda n: [NewEvent("Counted", {"n": n})]) for _ in range(5)))
    assert [e.data["n"] for e in await run.store.load("counter")] == [0, 1, 2, 3, 4]


async def test_a_unit_that_keeps_colliding_gives_up_with_409() -> None:
    run = MemoryRunner(attempts=2)
    await execute(run, "s", len, lambda _: [NewEvent("Happened", {})])

    async def always_stale(work: UnitOfWork) -> None:
        await work.load("s", len)
        await work.tx.append("s", 0, [NewEvent("Happened", {})])  # type: ignore[attr-defined]

    with pytest.raises(Conflict):
        await run(always_stale)
