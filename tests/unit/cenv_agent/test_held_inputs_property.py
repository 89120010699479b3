"""Property: whatever order configure and remove commands arrive in, however often, the agent ends holding the latest
version of each input, and every command is answered with what is held."""

from __future__ import annotations

import uuid
from functools import reduce

from hypothesis import given
from hypothesis import strategies as st

from cenv_agent import inputs
from cenv_agent.contract.messages import ConfigureInput, InputConfigured, InputRemoved, RemoveInput

ENV = uuid.UUID(int=7)
Command = ConfigureInput | RemoveInput


def command(input_id: str, version: int, removes: bool) -> Command:
    common = {"environment_id": ENV, "command_id": uuid.uuid4(), "input_id": input_id, "version": version}
    if removes:
        return RemoveInput(**common)
    return ConfigureInput(**common, kind="srt_listener", settings={"port": 20000 + version})


@st.composite
def histories(draw: st.DrawFn) -> list[Command]:
    """Each input's successive versions (configured, maybe removed last), then shuffled with duplicates."""
    sent: list[Command] = []
    for input_id in draw(st.lists(st.sampled_from("abc"), unique=True, min_size=1)):
        versions = draw(st.integers(1, 5))
        removed_last = draw(st.booleans())
        sent += [command(input_id, v, removed_last and v == versions) for v in range(1, versions + 1)]
    delivered = draw(st.lists(st.sampled_from(sent), max_size=30)) + sent
    return draw(st.permutations(delivered))


def latest(sent: list[Command]) -> dict[str, Command]:
    return {c.input_id: c for c in sorted(sent, key=lambda c: c.version)}


@given(histories())
def test_the_agent_ends_holding_the_latest_version_of_each_input(delivered: list[Command]) -> None:
    held = reduce(inputs.apply, delivered, {})
    for input_id, last in latest(delivered).items():
        assert held[input_id].version == last.version
        assert held[input_id].removed == isinstance(last, RemoveInput)
        if isinstance(last, ConfigureInput):
            assert held[input_id].settings == last.settings
    assert inputs.configured(held) == {
        i: c.version for i, c in latest(delivered).items() if isinstance(c, ConfigureInput)
    }


@given(histories())
def test_every_command_is_answered_with_what_is_held_and_never_goes_back(delivered: list[Command]) -> None:
    held: dict[str, inputs.HeldInput] = {}
    for sent in delivered:
        before = held.get(sent.input_id)
        held = inputs.apply(held, sent)
        answer = inputs.answer(held, sent)
        assert answer.version == held[sent.input_id].version >= sent.version
        assert isinstance(answer, InputRemoved if held[sent.input_id].removed else InputConfigured)
        assert before is None or held[sent.input_id].version >= before.version


def test_an_equal_version_changes_nothing() -> None:
    held = inputs.apply({}, command("a", 2, removes=False))
    assert inputs.apply(held, ConfigureInput(environment_id=ENV, command_id=uuid.uuid4(), input_id="a", version=2,
                                             kind="rist", settings={})) == held  # fmt: skip
    assert inputs.apply(held, command("a", 1, removes=True)) == held
