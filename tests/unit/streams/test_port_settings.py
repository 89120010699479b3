"""The input and output port ranges of a c_env share no port: a streams service configured otherwise will not
start."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from streams.config import StreamsSettings

BASE = {"DATABASE_URL": "postgresql://x/y", "AMQP_URL": "amqp://x/", "SWITCHYARD_INTERNAL_KEY": "k"}
RANGE = st.tuples(st.integers(1, 65_535), st.integers(0, 2_000)).map(lambda r: (r[0], min(65_535, r[0] + r[1])))


@given(RANGE, RANGE)
def test_ranges_are_accepted_exactly_when_they_share_no_port(inputs: tuple[int, int], outputs: tuple[int, int]) -> None:
    text = {"SWITCHYARD_INPUT_PORTS": "{}-{}".format(*inputs), "SWITCHYARD_OUTPUT_PORTS": "{}-{}".format(*outputs)}
    shared = set(range(inputs[0], inputs[1] + 1)) & set(range(outputs[0], outputs[1] + 1))
    if shared:
        with pytest.raises(ValidationError, match="overlap"):
            StreamsSettings(**BASE, **text)
    else:
        settings = StreamsSettings(**BASE, **text)
        assert settings.input_port_range.last < settings.output_port_range.first or (
            settings.output_port_range.last < settings.input_port_range.first
        )
