"""Two replicas, each keeping the states it folded, deciding on one stream at once: every decision saw the whole
committed history before it, and a rolled-back write never shows in a later decision."""

from __future__ import annotations

import asyncio
import random

import asyncpg

from common.eventstore import NewEvent, PostgresEventStore, RecordedEvent
from common.folding import Folding
from common.unit_of_work import PostgresRunner, UnitOfWork, execute

Tally = tuple[int, int]


def add(state: Tally, event: RecordedEvent) -> Tally:
    return state[0] + 1, state[1] + event.data["amount"]


tally = Folding((0, 0), add)


def adding(amount: int):  # type: ignore[no-untyped-def]
    return lambda seen: [NewEvent("Added", {"amount": amount, "seen": list(seen)})]


class Refused(Exception):
    pass


async def refused_after_writing(work: UnitOfWork) -> None:
    await work.decide("tally", tally, adding(1000))
    await work.load("tally", tally)  # sees its own uncommitted event
    raise Refused


async def test_every_decision_saw_the_committed_history_before_it(pool: asyncpg.Pool, scratch_schema: str) -> None:
    replicas = [PostgresRunner(PostgresEventStore(pool, scratch_schema), (), take_turns=t) for t in (True, False)]
    rng = random.Random(7)

    async def one(n: int) -> None:
        run = replicas[n % 2]
        if n % 9 == 4:
            try:
                await run(refused_after_writing)
            except Refused:
                return
        await execute(run, "tally", tally, adding(rng.randint(-5, 5)))

    await asyncio.gather(*(one(n) for n in range(60)))
    history = await replicas[0].store.load("tally")
    assert all(e.data["amount"] != 1000 for e in history)
    expected: Tally = (0, 0)
    for event in history:
        assert tuple(event.data["seen"]) == expected
        expected = add(expected, event)
    for run in replicas:
        assert await run(lambda work: work.load("tally", tally)) == expected
