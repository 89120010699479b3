"""Property: whatever names are asked for, in whatever spelling, an organisation's live groups never share a
name key, and of concurrent creations of one name exactly one succeeds and the rest are 409."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common.errors import Conflict
from streams.domain.names import name_key
from streams.service_layer import dashboard_groups
from tests.unit.streams.service import InMemoryStreams

BASES = ["Europe", "Asia North", "Straße", "ﬁnance"]
spellings = st.builds(
    lambda base, upper, pad, doubled: (" " * pad) + (base.upper() if upper else base).replace(" ", "  " if doubled
                                                                                             else " ") + (" " * pad),
    st.sampled_from(BASES), st.booleans(), st.integers(0, 2), st.booleans(),
)  # fmt: skip
requests = st.lists(st.tuples(st.sampled_from([1, 2]), spellings), min_size=1, max_size=12)


async def _attempt(service: InMemoryStreams, organisation_id: int, name: str) -> bool:
    try:
        await dashboard_groups.create(service.run, organisation_id, name, "source")
    except Conflict:
        return False
    return True


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(requests)
def test_sequential_creations_succeed_exactly_for_new_keys(asked: list[tuple[int, str]]) -> None:
    async def scenario() -> None:
        service, seen = InMemoryStreams(), set()
        for organisation_id, name in asked:
            key = (organisation_id, name_key(name))
            assert await _attempt(service, organisation_id, name) == (key not in seen)
            seen.add(key)
        for organisation_id in (1, 2):
            holders = (await service.names(organisation_id)).holders
            assert set(holders) == {k for o, k in seen if o == organisation_id}

    asyncio.run(scenario())


@settings(max_examples=30, deadline=None)
@given(st.lists(spellings, min_size=2, max_size=8), st.sampled_from(BASES))
def test_of_concurrent_creations_of_one_name_exactly_one_wins(names: list[str], base: str) -> None:
    same = [name for name in names if name_key(name) == name_key(base)] or [base, base.upper()]

    async def scenario() -> None:
        service = InMemoryStreams()
        outcomes = await asyncio.gather(*(_attempt(service, 1, name) for name in same))
        assert sorted(outcomes) == [False] * (len(same) - 1) + [True]

    asyncio.run(scenario())
