"""Guests' outputs on an owner's environment: taken only as the guest's invitations let it, never more than its
maximum there, even when its creations race; its outputs are its own to change and delete."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.errors import Conflict, NotFound
from streams.domain import guests
from streams.domain.guests import Access, Invitation
from streams.service_layer import outputs
from tests.unit.streams.test_input_use_cases import ORG, environment
from tests.unit.streams.test_output_use_cases import OutputsUnderTest, create, update

GUEST = 3000


async def _with_guest(max_destinations: int = 3) -> tuple[OutputsUnderTest, object]:
    service = OutputsUnderTest()
    env = await environment(service)
    service.guests.granted[GUEST, ORG, env] = Access(True, max_destinations)
    return service, env


async def test_a_guest_takes_outputs_of_its_own_on_the_owners_environment() -> None:
    service, env = await _with_guest()
    await create(service, env, "g-1", scope=GUEST)
    assert (await service.output(GUEST, "g-1")).live and not (await service.output(ORG, "g-1")).live
    assert (await service.environment(env)).guest_outputs == {"g-1": GUEST}
    with pytest.raises(NotFound):
        await update(service, env, "g-1", "srt_listener", {"latency": 10})  # the owner does not take it
    await update(service, env, "g-1", "srt_listener", {"latency": 10}, scope=GUEST)
    await update(service, env, "g-1", "srt_listener", {"latency": 20}, scope=None)  # a superuser may
    assert (await service.output(GUEST, "g-1")).settings["latency"] == 20
    with pytest.raises(Conflict):
        await create(service, env, "g-1")  # the id is the guest's on this environment
    await outputs.delete(service.run, service.beside, outputs.Caller(GUEST), env, "g-1")  # type: ignore[arg-type]
    assert (await service.environment(env)).guest_outputs == {}


async def test_an_organisation_its_invitations_do_not_let_take_finds_no_environment() -> None:
    service, env = await _with_guest()
    service.guests.granted[GUEST, ORG, env] = Access(False, 3)
    with pytest.raises(NotFound):
        await create(service, env, "g-1", scope=GUEST)
    with pytest.raises(NotFound):
        await create(service, env, "g-1", scope=4000)


async def test_of_ten_racing_creations_a_guest_gets_exactly_its_maximum() -> None:
    service, env = await _with_guest(max_destinations=3)
    outcomes = await asyncio.gather(*(create(service, env, f"g-{i}", scope=GUEST) for i in range(10)),
                                    return_exceptions=True)  # fmt: skip
    refused = [o for o in outcomes if isinstance(o, Conflict)]
    assert outcomes.count(None) == 3 and len(refused) == 7, outcomes
    assert all("3 of its 3 destinations" in r.detail for r in refused)
    await create(service, env, "owned", scope=ORG)  # the owner's own outputs are not counted
    await outputs.delete(service.run, service.beside, outputs.Caller(GUEST), env, "g-0")  # type: ignore[arg-type]
    outcomes = await asyncio.gather(*(create(service, env, f"h-{i}", scope=GUEST) for i in range(3)),
                                    return_exceptions=True)  # fmt: skip
    assert outcomes.count(None) == 1, "a deleted output frees its place"


INVITATION = st.builds(Invitation, st.booleans(), st.booleans(), st.booleans(), st.integers(0, 3), st.integers(1, 10))


@given(st.lists(INVITATION, max_size=4), st.integers(0, 12))
def test_a_guest_may_take_one_more_exactly_when_an_invitation_lets_it_and_it_holds_fewer_than_the_largest_maximum(
    invitations: list[Invitation], taken: int
) -> None:
    letting = [
        i for i in invitations if i.registered and (i.show_all_channels or i.show_all_events or i.granted_inputs)
    ]
    expected = bool(letting) and taken < max(i.max_destinations for i in letting)
    try:
        guests.admit(guests.access(invitations), taken)
        admitted = True
    except (NotFound, Conflict) as refused:
        admitted = False
        assert isinstance(refused, NotFound) == (not letting)
    assert admitted == expected
