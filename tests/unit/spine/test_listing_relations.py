"""Filters on a collection's related rows (``<relation>__<field>[__<spec>]``): an EXISTS over the relation's
declared source, the value bound as a parameter, anything undeclared refused naming the filter."""

from __future__ import annotations

import pytest

from common.http.problems import Problem
from common.listing import Field, ListSpec, Relation, parse, schema_document

STREAMS = Relation("media_streams", "history.streams", "media_streams.run_id = runs.id",
                   [Field("tx_packet_loss", "float"), Field("codec", max_length=16)])  # fmt: skip
RUNS = ListSpec("history.runs AS runs", [Field("id", "uuid", column="runs.id"), Field("end_time", "datetime")],
                key="runs.id", relations=[STREAMS])  # fmt: skip


def test_a_related_field_filters_through_an_exists_with_its_value_bound() -> None:
    query = parse(RUNS, {"media_streams__tx_packet_loss__gte": "0.5", "media_streams__codec": "h264"})
    assert query.where == [
        "EXISTS (SELECT 1 FROM history.streams AS media_streams WHERE media_streams.run_id = runs.id AND "
        "media_streams.tx_packet_loss >= $1::double precision)",
        "EXISTS (SELECT 1 FROM history.streams AS media_streams WHERE media_streams.run_id = runs.id AND "
        "media_streams.codec = $2::text)",
    ]
    assert query.params == [0.5, "h264"]


@pytest.mark.parametrize("name, raw", [
    ("media_streams__bitrate__gte", "1"),  # not declared on the relation
    ("media_streams__codec__gte_or", "x"),  # an unknown specifier is read as a field name
    ("media_streams__tx_packet_loss__icontains", "1"),  # not a specifier of floats
    ("media_streams__tx_packet_loss", "lots"),  # not a float
    ("other__codec", "x"),  # no such relation
])  # fmt: skip
def test_undeclared_or_ill_typed_related_filters_are_refused_naming_them(name: str, raw: str) -> None:
    with pytest.raises(Problem) as refused:
        parse(RUNS, {name: raw})
    assert refused.value.status == 400 and name in str(refused.value.errors)


def test_the_schema_lists_related_filters() -> None:
    filtering = schema_document(RUNS)["filtering"]
    assert filtering["media_streams__tx_packet_loss"] == ["exact", "lt", "lte", "gt", "gte"]
    assert "media_streams__codec" in filtering and "end_time" in filtering
