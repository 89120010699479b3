"""Starting and stopping inputs and outputs (A078, A080, A109, A110), decided on folded histories: a start or stop is
a new configuration version carrying the whole configuration, the agent's flags on an input are cleared by a start
only, a change and a re-send keep the endpoint as started or stopped, and the environment's state decides whether
its media may be started or stopped at all."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from cenv_agent.contract.messages import ConfigureInput, ConfigureOutput
from common.errors import Conflict, NotFound
from common.eventstore import RecordedEvent
from streams.adapters import event_codec
from streams.adapters.integration import translate
from streams.domain import agent_copy, environment, inputs, outputs
from streams.domain.environment import Environment
from streams.domain.events import (
    DomainEvent,
    InputChanged,
    InputConfigurationResent,
    InputMarkedStopped,
    InputStarted,
    InputStopped,
    OutputChanged,
    OutputConfigurationResent,
    OutputStarted,
    OutputStopped,
)
from streams.domain.media import media_state

ORG, OTHER = 1000, 2000
ENV, OTHER_ENV = uuid.UUID(int=7), uuid.UUID(int=8)
SETTINGS = {"port": 20000, "latency": 6000}
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def an_input() -> list[DomainEvent]:
    return inputs.create(inputs.Input(), ORG, ENV, "cam", "srt_listener", SETTINGS)


def an_output() -> list[DomainEvent]:
    return outputs.create(outputs.Output(), ORG, ENV, "out", "srt_listener", SETTINGS)


SIDES: dict[str, tuple[Callable[[], list[DomainEvent]], Callable[[Sequence[DomainEvent]], Any], Any]] = {
    "input": (an_input, inputs.fold, inputs),
    "output": (an_output, outputs.fold, outputs),
}


def then(history: list[DomainEvent], fold: Any, decision: Callable[[Any], list[DomainEvent]]) -> list[DomainEvent]:
    return history + decision(fold(history))


@pytest.mark.parametrize("side", SIDES)
def test_a_stop_and_a_start_are_new_versions_with_the_whole_configuration(side: str) -> None:
    create, fold, module = SIDES[side]
    history = create()
    assert module.start(fold(history), ENV) == [], "a new endpoint is started"
    history = then(history, fold, lambda current: module.stop(current, ENV))
    [stopped] = history[1:]
    assert isinstance(stopped, InputStopped | OutputStopped)
    assert (stopped.version, stopped.settings, stopped.kind) == (2, SETTINGS, "srt_listener")
    assert not fold(history).enabled and module.stop(fold(history), ENV) == []
    history = then(history, fold, lambda current: module.start(current, ENV))
    assert isinstance(history[-1], InputStarted | OutputStarted) and history[-1].version == 3
    assert fold(history).enabled and fold(history).version == 3


@pytest.mark.parametrize("side", SIDES)
def test_a_change_and_a_resend_keep_a_stopped_endpoint_stopped(side: str) -> None:
    create, fold, module = SIDES[side]
    history = then(create(), fold, lambda current: module.stop(current, ENV))
    changed_settings = {**SETTINGS, "latency": 100}
    change = (inputs.change(fold(history), ENV, "srt_listener", changed_settings) if side == "input"
              else outputs.change(fold(history), ENV, "srt_listener", changed_settings, False))  # fmt: skip
    [changed] = change
    assert isinstance(changed, InputChanged | OutputChanged) and changed.running is False
    [resent] = agent_copy.resend(fold(history + change), 2)
    assert isinstance(resent, InputConfigurationResent | OutputConfigurationResent) and resent.running is False


@pytest.mark.parametrize("side", SIDES)
def test_the_relay_tells_the_agent_whether_the_endpoint_runs(side: str) -> None:
    create, fold, module = SIDES[side]
    history = then(create(), fold, lambda current: module.stop(current, ENV))
    history = then(history, fold, lambda current: module.start(current, ENV))
    translated = [message for event in history for message in translate(_recorded(event))]
    sent = [message for message in translated if message.ROUTE == "agent_command"]  # the rest: published events
    assert all(isinstance(message, ConfigureInput | ConfigureOutput) for message in sent)
    assert [(m.version, m.running) for m in sent] == [(1, True), (2, False), (3, True)]  # type: ignore[union-attr]


def test_a_change_and_a_resend_of_an_input_its_guard_stopped_keep_it_stopped_until_started() -> None:
    history = [*an_input(), InputMarkedStopped(organisation_id=ORG, environment_id=ENV, input_id="cam")]
    [changed] = inputs.change(inputs.fold(history), ENV, "srt_listener", {**SETTINGS, "latency": 100})
    assert isinstance(changed, InputChanged) and changed.running is False
    [resent] = agent_copy.resend(inputs.fold([*history, changed]), 2)
    assert isinstance(resent, InputConfigurationResent) and resent.running is False
    [started] = inputs.start(inputs.fold([*history, changed]), ENV)
    [again] = inputs.change(inputs.fold([*history, changed, started]), ENV, "srt_listener", SETTINGS)
    assert isinstance(again, InputChanged) and again.running is True


def test_a_start_clears_the_agents_flags_even_on_a_running_input() -> None:
    current = inputs.fold(an_input())
    for flags in ({"warning_sent": True}, {"input_stopped": True}, {"warning_sent": True, "input_stopped": True}):
        [started] = inputs.start(replace(current, **flags), ENV)
        after = inputs.evolve(replace(current, **flags), started)
        assert (after.enabled, after.warning_sent, after.input_stopped, after.version) == (True, False, False, 2)


def test_a_stop_keeps_the_agents_flags_and_a_new_life_starts_without_them() -> None:
    flagged = replace(inputs.fold(an_input()), warning_sent=True, input_stopped=True)
    [stopped] = inputs.stop(flagged, ENV)
    assert inputs.evolve(flagged, stopped).input_stopped
    history = [*an_input(), *inputs.delete(inputs.fold(an_input()), ENV)]
    reborn = inputs.fold([*history, *inputs.create(inputs.fold(history), ORG, ENV, "cam", "rist", {})])
    assert (reborn.enabled, reborn.warning_sent, reborn.input_stopped, reborn.version) == (True, False, False, 3)


@pytest.mark.parametrize("side", SIDES)
def test_a_deleted_endpoint_or_one_on_another_environment_is_not_found(side: str) -> None:
    create, fold, module = SIDES[side]
    current = fold(create())
    for decision in (module.start, module.stop):
        with pytest.raises(NotFound):
            decision(current, OTHER_ENV)
    deleted = fold([*create(), *module.delete(current, ENV)])
    with pytest.raises(NotFound):
        module.stop(deleted, ENV)


def known(state: str) -> Environment:
    return environment.fold(environment.note(Environment(), ENV, ORG, state, T0))


@pytest.mark.parametrize("state", ["stopping", "stopped", "failed", "deleting", "deleted"])
def test_an_environment_whose_media_is_down_refuses_naming_its_state(state: str) -> None:
    with pytest.raises(Conflict) as refused:
        environment.controllable(known(state), ORG)
    assert state in refused.value.detail and refused.value.field == "environment_id"


@pytest.mark.parametrize("state", ["requested", "provisioning", "running", "starting", "restarting", "upgrading"])
def test_an_environment_whose_media_is_or_will_be_up_accepts(state: str) -> None:
    assert environment.controllable(known(state), ORG).state == state
    assert environment.controllable(known(state), None).state == state  # a superuser, anywhere


def test_an_unknown_or_another_tenants_environment_does_not_exist() -> None:
    for env, scope in ((Environment(), ORG), (known("running"), OTHER)):
        with pytest.raises(NotFound):
            environment.controllable(env, scope)


@pytest.mark.parametrize(
    ("configured", "enabled", "agent_running", "stopped_by_agent", "state"),
    [
        (False, True, True, False, "configuring"),
        (False, False, None, False, "configuring"),
        (True, True, True, False, "running"),
        (True, True, False, False, "stopped"),  # the agent said its media does not run (its environment's is down)
        (True, True, None, False, "running"),  # an agent that did not say: as started
        (True, False, None, False, "stopped"),
        (True, True, True, True, "stopped"),  # stopped by the agent for its bitrate
    ],
)
def test_the_state_shown_is_what_the_agent_said_once_it_holds_the_configuration(
    configured: bool, enabled: bool, agent_running: bool | None, stopped_by_agent: bool, state: str
) -> None:
    assert media_state(configured, enabled, agent_running, stopped_by_agent) == state


def _recorded(event: DomainEvent) -> RecordedEvent:
    new = event_codec.encode(event)
    return RecordedEvent(stream_id="s", version=1, type=new.type, data=new.data, metadata=new.metadata, position=1,
                         txid=1, recorded_at=T0)  # fmt: skip
