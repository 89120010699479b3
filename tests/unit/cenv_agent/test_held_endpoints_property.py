"""Property: whatever order configure and remove commands arrive in, however often, the agent ends holding the latest
version of each input and each output (started or stopped as its latest version says), and every command is
answered with what is held and whether its media runs."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cenv_agent import endpoints
from cenv_agent.contract.messages import (
    ConfigureInput,
    ConfigureOutput,
    EndpointCommand,
    InputConfigured,
    InputRemoved,
    MediaState,
    OutputConfigured,
    OutputRemoved,
    RemoveInput,
    RemoveOutput,
    Side,
    side_of,
)

ENV = uuid.UUID(int=7)
CONFIGURE = {"input": ConfigureInput, "output": ConfigureOutput}
REMOVE = {"input": RemoveInput, "output": RemoveOutput}
ANSWER = {("input", False): InputConfigured, ("input", True): InputRemoved, ("output", False): OutputConfigured,
          ("output", True): OutputRemoved}  # fmt: skip


def command(side: Side, endpoint_id: str, version: int, removes: bool) -> EndpointCommand:
    common = {"environment_id": ENV, "command_id": uuid.uuid4(), f"{side}_id": endpoint_id, "version": version}
    if removes:
        return REMOVE[side].model_validate(common)
    return CONFIGURE[side].model_validate({**common, "kind": "srt_listener", "settings": {"port": 20000 + version},
                                           "running": version % 2 == 1})  # fmt: skip


def removes(sent: EndpointCommand) -> bool:
    return isinstance(sent, RemoveInput | RemoveOutput)


@st.composite
def histories(draw: st.DrawFn) -> list[EndpointCommand]:
    """Each endpoint's successive versions (configured, maybe removed last), then shuffled with duplicates; inputs
    and outputs mixed, some sharing an id."""
    sent: list[EndpointCommand] = []
    for side, endpoint_id in draw(st.lists(st.tuples(st.sampled_from(["input", "output"]), st.sampled_from("abc")),
                                           unique=True, min_size=1)):  # fmt: skip
        versions = draw(st.integers(1, 5))
        removed_last = draw(st.booleans())
        sent += [command(side, endpoint_id, v, removed_last and v == versions) for v in range(1, versions + 1)]
    delivered = draw(st.lists(st.sampled_from(sent), max_size=30)) + sent
    return draw(st.permutations(delivered))


def latest(sent: list[EndpointCommand]) -> dict[tuple[str, str], EndpointCommand]:
    return {side_of(c): c for c in sorted(sent, key=lambda c: c.version)}


def held_after(delivered: list[EndpointCommand]) -> dict[str, dict[str, endpoints.HeldEndpoint]]:
    held: dict[str, dict[str, endpoints.HeldEndpoint]] = {"input": {}, "output": {}}
    for sent in delivered:
        side, _ = side_of(sent)
        held[side] = endpoints.apply(held[side], sent)
    return held


@given(histories())
def test_the_agent_ends_holding_the_latest_version_of_each_endpoint(delivered: list[EndpointCommand]) -> None:
    held = held_after(delivered)
    for (side, endpoint_id), last in latest(delivered).items():
        assert held[side][endpoint_id].version == last.version
        assert held[side][endpoint_id].removed == removes(last)
        if isinstance(last, ConfigureInput | ConfigureOutput):
            assert held[side][endpoint_id].settings == last.settings
            assert held[side][endpoint_id].running == last.running
    for side in ("input", "output"):
        assert endpoints.configured(held[side]) == {
            i: c.version for (s, i), c in latest(delivered).items() if s == side and not removes(c)
        }


@given(histories(), st.sampled_from(["running", "stopped"]))
def test_every_command_is_answered_with_what_is_held_and_never_goes_back(
    delivered: list[EndpointCommand], media: MediaState
) -> None:
    held: dict[str, dict[str, endpoints.HeldEndpoint]] = {"input": {}, "output": {}}
    for sent in delivered:
        side, endpoint_id = side_of(sent)
        before = held[side].get(endpoint_id)
        held[side] = endpoints.apply(held[side], sent)
        answer = endpoints.answer(held[side], sent, media)
        now = held[side][endpoint_id]
        runs = None if now.removed else now.running and media == "running"
        assert getattr(answer, "running", None) == runs
        assert answer.version == now.version >= sent.version
        assert side_of(answer) == (side, endpoint_id)
        assert isinstance(answer, ANSWER[side, now.removed])
        assert before is None or now.version >= before.version


@pytest.mark.parametrize("side", ["input", "output"])
def test_an_equal_version_changes_nothing(side: Side) -> None:
    held = endpoints.apply({}, command(side, "a", 2, removes=False))
    same = CONFIGURE[side].model_validate({"environment_id": ENV, "command_id": uuid.uuid4(), f"{side}_id": "a",
                                           "version": 2, "kind": "rist", "settings": {}})  # fmt: skip
    assert endpoints.apply(held, same) == held
    assert endpoints.apply(held, command(side, "a", 1, removes=True)) == held


@pytest.mark.parametrize("side", ["input", "output"])
def test_a_stopped_endpoint_does_not_run_and_a_started_one_runs_again(side: Side) -> None:
    started, stopped = command(side, "a", 1, removes=False), command(side, "a", 2, removes=False)
    held = endpoints.apply({}, started)
    assert endpoints.runs(held["a"], "running") and not endpoints.runs(held["a"], "stopped")
    held = endpoints.apply(held, stopped)
    assert not endpoints.runs(held["a"], "running")
    assert endpoints.answer(held, stopped, "running").running is False  # type: ignore[union-attr]
    held = endpoints.apply(held, command(side, "a", 3, removes=False))
    assert endpoints.runs(held["a"], "running")
    assert not endpoints.runs(endpoints.apply(held, command(side, "a", 4, removes=True))["a"], "running")


def test_an_input_its_guard_stopped_answers_not_running_at_that_version() -> None:
    """A re-send of the version the guard stopped is answered as stopped; the guard's mark of an older version
    (a newer configuration ended the episode) leaves it running."""
    sent = command("input", "a", 3, removes=False)
    held = endpoints.apply({}, sent)
    assert endpoints.answer(held, sent, "running", {"a": 3}).running is False  # type: ignore[union-attr]
    assert endpoints.answer(held, sent, "running", {"a": 1}).running is True  # type: ignore[union-attr]
    assert endpoints.answer(held, sent, "running", {"b": 3}).running is True  # type: ignore[union-attr]
