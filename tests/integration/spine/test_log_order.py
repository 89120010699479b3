"""The log is read in numeric (txid, position) order: every committed event exactly once, in commit order.

Transaction ids are numbers. Reading them as text once sorted "10000" before "9998", so a page
that held ids of different lengths skipped events for ever or read them twice.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import asyncpg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common.eventstore import START, Checkpoint, NewEvent, PostgresEventStore, RecordedEvent
from common.eventstore.postgres import backlog_after, read_after, read_after_query
from tests.support.scratch import create_scratch_schema
from tests.support.xids import advance_xids_past

# explicit transaction ids on both sides of every power of ten up to 10^5
BOUNDARY_XIDS = sorted({10**k + d for k in range(1, 6) for d in range(-3, 3)})


@pytest.fixture(scope="module")
async def xids_above_boundaries(pool: asyncpg.Pool) -> int:
    async with pool.acquire() as conn:
        return await advance_xids_past(conn, max(BOUNDARY_XIDS) + 10)


async def insert_at(conn: asyncpg.Connection, schema: str, rows: list[tuple[int, str]]) -> None:
    """Rows as if committed long ago by the given transaction ids, inserted in the order given."""
    for version, (txid, stream_id) in _versions(rows):
        await conn.execute(
            f"""INSERT INTO {schema}.events (stream_id, version, type, data, metadata, txid)
                VALUES ($1, $2, 'Happened', $3, '{{}}', $4::xid8)""",
            stream_id,
            version,
            {"txid": txid},
            txid,
        )


def _versions(rows: list[tuple[int, str]]) -> list[tuple[int, tuple[int, str]]]:
    """A stream's versions follow its transactions' order (as they would have), whatever the insertion order."""
    in_commit_order = sorted(range(len(rows)), key=lambda i: (rows[i][0], i))
    counts: dict[str, int] = {}
    version = [0] * len(rows)
    for i in in_commit_order:
        stream_id = rows[i][1]
        counts[stream_id] = version[i] = counts.get(stream_id, 0) + 1
    return [(version[i], rows[i]) for i in range(len(rows))]


async def test_pages_follow_numeric_order_across_a_power_of_ten(
    pool: asyncpg.Pool, scratch_schema: str, xids_above_boundaries: int
) -> None:
    async with pool.acquire() as conn:
        await insert_at(conn, scratch_schema, [(9998, "a"), (9999, "b"), (10000, "c"), (10001, "d")])
        first = await read_after(conn, scratch_schema, START, 2)
        assert [e.txid for e in first] == [9998, 9999]
        rest = await read_after(conn, scratch_schema, first[-1].checkpoint, 2)
        assert [e.txid for e in rest] == [10000, 10001]
        assert await backlog_after(conn, scratch_schema, first[-1].checkpoint) == (2, 0)
        assert await read_after(conn, scratch_schema, rest[-1].checkpoint, 2) == []


async def test_reading_a_page_walks_the_commit_order_index(pool: asyncpg.Pool, scratch_schema: str) -> None:
    async with pool.acquire() as conn:
        await conn.execute(
            f"""INSERT INTO {scratch_schema}.events (stream_id, version, type, data, metadata)
                SELECT 's' || g, 1, 'Happened', '{{}}', '{{}}' FROM generate_series(1, 5000) g"""
        )
        await conn.execute(f"ANALYZE {scratch_schema}.events")
        await conn.execute(f"PREPARE page AS {read_after_query(scratch_schema)}")
        for mode in ("force_custom_plan", "force_generic_plan"):  # asyncpg's prepared statements go generic
            await conn.execute(f"SET plan_cache_mode = {mode}")
            plan = "\n".join(r[0] for r in await conn.fetch("EXPLAIN EXECUTE page('0', 0, 500)"))
            assert "events_commit_order" in plan and "Sort" not in plan, plan
        await conn.execute("DEALLOCATE page; RESET plan_cache_mode")


@dataclass(frozen=True)
class Transaction:
    stream: int
    events: int
    pause_before_commit: float
    rolls_back: bool


transactions = st.builds(
    Transaction,
    stream=st.integers(0, 3),
    events=st.integers(1, 3),
    pause_before_commit=st.sampled_from([0.0, 0.0, 0.001, 0.005, 0.02]),
    rolls_back=st.integers(0, 9).map(lambda n: n < 3),
)


class Rollback(Exception):
    pass


async def write(store: PostgresEventStore, writer: int, plan: list[Transaction]) -> None:
    for number, tx_plan in enumerate(plan):
        stream_id = f"w{writer}-s{tx_plan.stream}"
        try:
            async with store.transaction() as tx:
                version = len(await tx.load(stream_id))
                batch = [NewEvent("Happened", {"writer": writer, "tx": number, "i": i}) for i in range(tx_plan.events)]
                await tx.append(stream_id, version, batch)
                await asyncio.sleep(tx_plan.pause_before_commit)
                if tx_plan.rolls_back:
                    raise Rollback
        except Rollback:
            pass


async def follow(pool: asyncpg.Pool, schema: str, page: int, writers_done: asyncio.Event) -> list[RecordedEvent]:
    seen: list[RecordedEvent] = []
    checkpoint = Checkpoint(0, 0)
    while True:
        # Settled before reading, never after: the horizon may pass the last events between an empty read
        # and the check, and a reader that stopped then would miss them.
        settled = writers_done.is_set() and await everything_visible(pool, schema)
        events = await read_after(pool, schema, checkpoint, page)
        seen.extend(events)
        if events:
            checkpoint = events[-1].checkpoint
        elif settled:
            return seen
        else:
            await asyncio.sleep(0.001)


async def everything_visible(pool: asyncpg.Pool, schema: str) -> bool:
    """Every committed event is below the horizon. Any open transaction in the cluster (another test's,
    say) holds the horizon back, so "the writers are done" alone does not mean a reader can see it all."""
    return bool(
        await pool.fetchval(
            f"SELECT coalesce(max(txid) < pg_snapshot_xmin(pg_current_snapshot()), true) FROM {schema}.events"
        )
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    history=st.lists(st.tuples(st.sampled_from(BOUNDARY_XIDS), st.sampled_from("xyz")), max_size=25),
    writers=st.lists(st.lists(transactions, min_size=1, max_size=6), min_size=1, max_size=5),
    page=st.integers(1, 40),
)
async def test_a_reader_sees_every_committed_event_once_in_commit_order(
    pool: asyncpg.Pool,
    xids_above_boundaries: int,
    history: list[tuple[int, str]],
    writers: list[list[Transaction]],
    page: int,
) -> None:
    schema = await create_scratch_schema(pool)
    async with pool.acquire() as conn:
        await insert_at(conn, schema, history)
    store = PostgresEventStore(pool, schema)
    writers_done = asyncio.Event()
    reader = asyncio.create_task(follow(pool, schema, page, writers_done))
    await asyncio.gather(*(write(store, n, plan) for n, plan in enumerate(writers)))
    writers_done.set()
    seen = await reader

    rows = await pool.fetch(f"SELECT txid, position FROM {schema}.events")
    committed = sorted((int(r["txid"]), r["position"]) for r in rows)  # numeric order, computed here
    assert [tuple(e.checkpoint) for e in seen] == committed, "each committed event exactly once, in commit order"
    assert len(committed) == len(history) + sum(p.events for plan in writers for p in plan if not p.rolls_back), (
        "every committed event is in the log, no rolled-back one"
    )
    versions: dict[str, list[int]] = {}
    for event in seen:
        versions.setdefault(event.stream_id, []).append(event.version)
    assert all(v == list(range(1, len(v) + 1)) for v in versions.values()), versions
    await pool.execute(f"DROP SCHEMA {schema} CASCADE")
