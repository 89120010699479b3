"""Inputs and the environment they are on, decided on folded histories."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from common.errors import Conflict, Invalid, NotFound
from streams.domain import environment, inputs
from streams.domain.environment import Environment
from streams.domain.events import InputPlaced
from streams.domain.inputs import Input
from streams.domain.ports import PortRange

ORG, OTHER = 1000, 2000
ENV = uuid.UUID(int=7)
PORTS = PortRange(20000, 20009)
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def known(state: str = "running") -> Environment:
    return environment.fold(environment.note(Environment(), ENV, ORG, state, T0))


def with_inputs(*placed: tuple[str, int | None]) -> Environment:
    env = known()
    history = environment.note(Environment(), ENV, ORG, "running", T0)
    for input_id, port in placed:
        history += environment.place(env, ORG, input_id, port is not None, port, PORTS)
        env = environment.fold(history)
    return env


def test_an_unknown_or_another_tenants_environment_does_not_exist() -> None:
    for env, scope in ((Environment(), ORG), (known(), OTHER)):
        with pytest.raises(NotFound):
            environment.place(env, scope, "a", False, None, PORTS)
    assert environment.place(known(), None, "a", False, None, PORTS)  # a superuser may place anywhere


@pytest.mark.parametrize("state", ["deleting", "deleted"])
def test_a_deleted_environment_refuses_inputs_naming_its_state(state: str) -> None:
    with pytest.raises(Conflict) as refused:
        environment.place(known(state), ORG, "a", True, None, PORTS)
    assert state in refused.value.detail


def test_a_listener_gets_the_lowest_free_port_or_the_one_it_asks_for() -> None:
    env = with_inputs(("a", 20000), ("b", 20002), ("caller", None))
    [placed] = environment.place(env, ORG, "c", True, None, PORTS)
    assert isinstance(placed, InputPlaced) and placed.port == 20001
    with pytest.raises(Conflict) as taken:
        environment.place(env, ORG, "c", True, 20002, PORTS)
    assert "20002" in taken.value.detail and taken.value.field == "port"
    with pytest.raises(Invalid) as outside:
        environment.place(env, ORG, "c", True, 30000, PORTS)
    assert outside.value.field == "port"


def test_a_removed_input_frees_its_port_and_a_move_keeps_one_port_per_input() -> None:
    env = with_inputs(("a", 20000), ("b", 20001))
    freed = environment.fold([*environment.note(Environment(), ENV, ORG, "running", T0),
                              *environment.place(known(), ORG, "b", True, 20001, PORTS),
                              *environment.move(env, ORG, "b", 20005, PORTS)])  # fmt: skip
    assert freed.held == {20005: "b"}
    assert environment.move(env, ORG, "a", 20000, PORTS) == []
    with pytest.raises(NotFound):
        environment.remove(env, ORG, "nope")
    after = environment.fold([*environment.note(Environment(), ENV, ORG, "running", T0),
                              *environment.place(known(), ORG, "a", True, 20000, PORTS),
                              *environment.remove(with_inputs(("a", 20000)), ORG, "a")])  # fmt: skip
    assert after.held == {} and environment.place(after, ORG, "z", True, 20000, PORTS)


def test_older_reports_change_nothing_and_deleted_is_final() -> None:
    env = known("stopped")
    assert environment.note(env, ENV, ORG, "running", T0 - timedelta(seconds=1)) == []
    deleted = environment.fold(environment.note(Environment(), ENV, ORG, "deleted", T0))
    assert environment.note(deleted, ENV, ORG, "running", T0 + timedelta(hours=1)) == []


def test_an_id_is_unique_while_live_and_free_again_once_deleted() -> None:
    created = inputs.create(Input(), ORG, ENV, "cam-1", "zixi_push", {"port": 20000})
    live = inputs.fold(created)
    with pytest.raises(Conflict) as reused:
        inputs.create(live, ORG, ENV, "cam-1", "rist", {})
    assert reused.value.field == "id"
    gone = inputs.fold([*created, *inputs.delete(live, ENV)])
    assert inputs.create(gone, ORG, ENV, "cam-1", "rist", {})


def test_an_input_changes_only_on_its_environment_and_with_its_kind() -> None:
    live = inputs.fold(inputs.create(Input(), ORG, ENV, "cam-1", "zixi_push", {"latency": 6000}))
    with pytest.raises(NotFound):
        inputs.change(live, uuid.uuid4(), "zixi_push", {"latency": 1})
    with pytest.raises(Conflict):
        inputs.change(live, ENV, "rist", {"latency": 1})
    assert inputs.change(live, ENV, "zixi_push", {"latency": 6000}) == []
