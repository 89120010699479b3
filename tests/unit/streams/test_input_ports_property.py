"""Property: whatever sequence of reservations and releases, an environment's ports stay unique, inside its range,
and a request is refused exactly when its port is outside the range or held by another input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from common.errors import Conflict, Invalid
from streams.domain import ports
from streams.domain.ports import PortRange

RANGE = PortRange(20000, 20007)
INPUTS = [f"in-{i}" for i in range(12)]
steps = st.lists(
    st.tuples(st.sampled_from(["reserve", "release"]), st.sampled_from(INPUTS),
              st.none() | st.integers(19998, 20009)),
    max_size=60,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(steps)
def test_ports_stay_unique_and_in_range(sequence: list[tuple[str, str, int | None]]) -> None:
    held: dict[int, str] = {}
    for action, input_id, asked in sequence:
        if action == "release":
            held = {p: i for p, i in held.items() if i != input_id}
            continue
        own = {p for p, i in held.items() if i == input_id}
        try:
            port = ports.choose(held, RANGE, input_id, asked)
        except Invalid:
            assert asked is not None and asked not in RANGE
            continue
        except Conflict:
            free = [p for p in range(RANGE.first, RANGE.last + 1) if held.get(p, input_id) == input_id]
            assert (asked is not None and asked in held and held[asked] != input_id) or (asked is None and not free)
            continue
        assert port in RANGE and held.get(port, input_id) == input_id
        assert asked is None or port == asked
        assert asked is not None or port == min(p for p in range(RANGE.first, RANGE.last + 1)
                                                if held.get(p, input_id) == input_id)  # fmt: skip
        held = {p: i for p, i in held.items() if p not in own}
        held[port] = input_id
        assert len(set(held.values())) == len(held)
        assert all(p in RANGE for p in held)
