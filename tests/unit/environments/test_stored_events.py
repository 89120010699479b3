"""Rows stored before typed events still tell the rest of the platform exactly what they told it then."""

from __future__ import annotations

from typing import Any

import pytest

from environments.adapters.integration import translate
from tests.unit.environments.stored import recorded, stored_rows

ROWS = stored_rows()


@pytest.mark.parametrize(("position", "row"), list(enumerate(ROWS, start=1)), ids=[r["type"] for r in ROWS])
def test_a_stored_row_is_translated_to_the_messages_it_was_then(position: int, row: dict[str, Any]) -> None:
    messages = [{"type": m.TYPE, "payload": m.model_dump(mode="json")} for m in translate(recorded(row, position))]
    assert messages == row["messages"]
