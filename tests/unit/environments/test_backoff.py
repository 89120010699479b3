"""Trying again after faults: as many tries as allowed, waiting longer each time, the last fault raised."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from environments.service_layer.backoff import Backoff
from tests.unit.environments.fakes import Naps


class Flaky:
    def __init__(self, faults: int) -> None:
        self.faults, self.calls = faults, 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.calls <= self.faults:
            raise ConnectionError(f"fault {self.calls}")
        return "done"


@given(attempts=st.integers(1, 8), faults=st.integers(0, 10), first=st.floats(0.01, 2), ceiling=st.floats(0.01, 10))
async def test_a_step_is_tried_until_it_succeeds_or_its_tries_run_out(
    attempts: int, faults: int, first: float, ceiling: float
) -> None:
    naps, step = Naps(), Flaky(faults)
    backoff = Backoff(attempts, first, ceiling, sleep=naps)
    if faults < attempts:
        assert await backoff.run(step, "step") == "done"
    else:
        with pytest.raises(ConnectionError, match=f"fault {attempts}"):
            await backoff.run(step, "step")
    assert step.calls == min(faults + 1, attempts)
    assert naps.taken == backoff.delays()[: step.calls - 1]
    assert naps.taken == sorted(naps.taken) and all(nap <= ceiling for nap in naps.taken)
