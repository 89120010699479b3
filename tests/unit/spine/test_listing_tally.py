"""A list with a tally takes its total from the tally while the request filters only on the tally's fields, and
counts its own rows once it filters on anything else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from common.listing import Field, ListSpec, Relation, Tally, fetch_page, parse

NOTES = Relation("notes", "s.notes", "notes.line_id = lines.id", [Field("text")])
LINES = ListSpec("s.lines AS lines", [Field("id", "uuid"), Field("hour", "datetime"), Field("item")],
                 relations=[NOTES], tally=Tally("s.line_counts AS counts", frozenset({"hour"})))  # fmt: skip


class Recording:
    """A connection that answers every total with 7 and every page with no rows, keeping the totals' SQL."""

    def __init__(self) -> None:
        self.totals: list[str] = []

    @asynccontextmanager
    async def transaction(self, readonly: bool) -> AsyncIterator[None]:
        yield

    async def execute(self, sql: str) -> None:
        pass

    async def fetchval(self, sql: str, *params: Any) -> int:
        self.totals.append(sql)
        return 7

    async def fetch(self, sql: str, *params: Any) -> list[Any]:
        return []


def test_the_request_s_filters_are_recorded_by_field() -> None:
    query = parse(LINES, {"hour__gte": "2024-03-01T00:00:00Z", "item__startswith": "env", "notes__text": "x"})
    assert query.filtered == {"hour", "item", "notes__text"}
    assert parse(LINES, {"limit": "5", "order_by": "-item"}, ["organisation_id = $1"], [1]).filtered == set()


@pytest.mark.parametrize("raw, counted", [
    ({}, "SELECT coalesce(sum(lines), 0)::bigint FROM s.line_counts AS counts WHERE organisation_id = $1"),
    ({"hour__lt": "2024-03-01T00:00:00Z"}, "SELECT coalesce(sum(lines), 0)::bigint FROM s.line_counts AS counts "
                                           "WHERE organisation_id = $1 AND (hour < $2::timestamptz)"),
    ({"item": "x"}, "SELECT count(*) FROM s.lines AS lines WHERE organisation_id = $1 AND (item = $2::text)"),
    ({"notes__text": "x"}, "SELECT count(*) FROM s.lines AS lines WHERE organisation_id = $1 AND EXISTS ("
                           "SELECT 1 FROM s.notes AS notes WHERE notes.line_id = lines.id AND notes.text = $2::text)"),
])  # fmt: skip
async def test_the_total_comes_from_the_tally_only_while_it_knows_every_filter(raw: dict[str, str],
                                                                                counted: str) -> None:  # fmt: skip
    conn = Recording()
    page = await fetch_page(conn, LINES, parse(LINES, raw, ["organisation_id = $1"], [1]), "/lines", raw, dict)
    assert conn.totals == [counted] and page["meta"]["total_count"] == 7
