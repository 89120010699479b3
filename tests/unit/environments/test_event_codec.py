"""The store boundary: stored rows decode to typed events and encode back to the same rows."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.eventstore import RecordedEvent
from environments.adapters import event_codec
from environments.domain import events as e
from tests.unit.environments.stored import stored_events

STORED = stored_events()


@pytest.mark.parametrize("row", STORED, ids=[r.type for r in STORED])
def test_a_stored_row_decodes_and_encodes_back_to_itself(row: RecordedEvent) -> None:
    event = event_codec.decode(row)
    encoded = event_codec.encode(event)
    assert encoded.type == row.type
    assert {k: v for k, v in row.data.items() if k not in encoded.data} == _defaults_of(event, row.data)
    assert {k: row.data[k] for k in encoded.data} == encoded.data, "a key is added or a value changed"


def _defaults_of(event: e.DomainEvent, data: dict[str, Any]) -> dict[str, Any]:
    """The fields of ``data`` a new row leaves out: those holding their default."""
    fields = type(event).model_fields
    return {k: v for k, v in data.items() if k in fields and not fields[k].is_required() and v == fields[k].default}


NEW_SINCE_THE_STORED_ROWS = {e.TransitionReverted, e.AgentRelaunched, e.Resized}


def test_every_kind_of_event_is_among_the_stored_rows_or_new() -> None:
    assert {r.type for r in STORED} | {event_codec.name_of(k) for k in NEW_SINCE_THE_STORED_ROWS} == set(
        event_codec.TYPES
    )


def test_a_row_of_an_unknown_type_is_refused_with_where_it_is() -> None:
    row = STORED[0]._replace(type="EnvironmentTeleported", version=9)
    with pytest.raises(event_codec.UnknownEvent, match=r"environment-.* v9 is a 'EnvironmentTeleported'"):
        event_codec.decode(row)


@given(st.sampled_from(e.ALL).flatmap(st.from_type))
def test_any_event_survives_the_store(event: e.DomainEvent) -> None:
    new = event_codec.encode(event)
    stored = STORED[0]._replace(type=new.type, data=json.loads(json.dumps(new.data)))
    assert event_codec.decode(stored) == event
