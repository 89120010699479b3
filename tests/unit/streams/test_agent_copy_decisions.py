"""What streams records of each input's and output's copy on its agent, and what it sends again: one mechanism for
both kinds of stream endpoint, decided on folded histories."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest

from streams.domain import agent_copy, inputs, outputs
from streams.domain.agent_copy import Copy
from streams.domain.events import (
    DomainEvent,
    InputConfigurationResent,
    InputCreated,
    InputHeldByAgent,
    InputRemovalResent,
    OutputConfigurationResent,
    OutputHeldByAgent,
    OutputRemovalResent,
)
from streams.domain.inputs import Input
from streams.domain.outputs import Output

ORG = 1000
ENV, OTHER_ENV = uuid.UUID(int=7), uuid.UUID(int=8)


@dataclass(frozen=True)
class Kind:
    side: str
    fold: Callable[[Sequence[DomainEvent]], Any]
    empty: Callable[[], Copy]
    create: Callable[[Any], list[DomainEvent]]
    change: Callable[[Any, int], list[DomainEvent]]
    delete: Callable[[Any], list[DomainEvent]]
    held: type[DomainEvent]
    resent: type[DomainEvent]
    removal: type[DomainEvent]

    def event(self, event: type[DomainEvent], endpoint_id: str = "in", env: uuid.UUID = ENV, **fields: Any) -> Any:
        return event.model_validate({"organisation_id": ORG, "environment_id": env, f"{self.side}_id": endpoint_id,
                                    **fields})  # fmt: skip


INPUT_SETTINGS = {"port": 20000, "latency": 6000}
OUTPUT_SETTINGS = {"port": 21000, "latency": 6000, "encryption_type": 1, "password_set": True}
INPUTS = Kind(
    "input", inputs.fold, Input,
    lambda current: inputs.create(current, ORG, ENV, "in", "srt_listener", INPUT_SETTINGS),
    lambda current, n: inputs.change(current, ENV, "srt_listener", {**current.settings, "latency": n}),
    lambda current: inputs.delete(current, ENV),
    InputHeldByAgent, InputConfigurationResent, InputRemovalResent,
)  # fmt: skip
OUTPUTS = Kind(
    "output", outputs.fold, Output,
    lambda current: outputs.create(current, ORG, ENV, "in", "srt_listener", OUTPUT_SETTINGS),
    lambda current, n: outputs.change(current, ENV, "srt_listener", {**current.settings, "latency": n}, False),
    lambda current: outputs.delete(current, ENV),
    OutputHeldByAgent, OutputConfigurationResent, OutputRemovalResent,
)  # fmt: skip


@pytest.fixture(params=[INPUTS, OUTPUTS], ids=["input", "output"])
def kind(request: pytest.FixtureRequest) -> Kind:
    return request.param  # type: ignore[no-any-return]


def history(kind: Kind, *steps: str) -> list[DomainEvent]:
    """create, change, delete, held (the agent answered the current version), resend."""
    events: list[DomainEvent] = []
    for step in steps:
        current = kind.fold(events)
        match step:
            case "create":
                events += kind.create(current)
            case "change":
                events += kind.change(current, len(events))
            case "delete":
                events += kind.delete(current)
            case "held":
                events += agent_copy.held(current, ENV, current.version)
            case "resend":
                events += agent_copy.chase(current, max_attempts=3)
    return events


def state(kind: Kind, *steps: str) -> Any:
    return kind.fold(history(kind, *steps))


def test_each_change_has_the_next_version_across_its_lives(kind: Kind) -> None:
    versions = [getattr(e, "version", None) for e in history(kind, "create", "change", "delete", "create", "change")]
    assert versions == [1, 2, 3, 4, 5]
    assert state(kind, "create", "held", "delete", "create").applied == 1


def test_an_answer_is_recorded_once_and_never_goes_back(kind: Kind) -> None:
    current = state(kind, "create", "change", "held")
    assert current.applied == 2
    assert agent_copy.held(current, ENV, 1) == []
    assert agent_copy.held(current, ENV, 2) == []
    assert agent_copy.held(state(kind, "create", "change"), ENV, 1) == [kind.event(kind.held, version=1)]


def test_an_answer_from_another_environment_or_from_the_future_changes_nothing(kind: Kind) -> None:
    current = state(kind, "create")
    assert agent_copy.held(current, OTHER_ENV, 1) == []
    assert agent_copy.held(current, ENV, 2) == []


def test_an_unanswered_configuration_is_sent_again_until_the_attempts_run_out(kind: Kind) -> None:
    current = state(kind, "create", "change")
    [resent] = agent_copy.chase(current, max_attempts=3)
    assert resent == kind.event(kind.resent, version=2, attempt=2, kind="srt_listener", settings=current.settings)
    assert agent_copy.chase(state(kind, "create", "resend", "resend"), max_attempts=3) == []
    assert agent_copy.chase(state(kind, "create", "held"), max_attempts=3) == []


def test_an_unanswered_removal_is_sent_again(kind: Kind) -> None:
    [resent] = agent_copy.chase(state(kind, "create", "held", "delete"), max_attempts=3)
    assert resent == kind.event(kind.removal, version=2, attempt=2)


def test_a_report_of_what_is_current_records_it_and_sends_nothing(kind: Kind) -> None:
    assert agent_copy.reported(state(kind, "create"), ORG, ENV, "in", 1) == [kind.event(kind.held, version=1)]
    assert agent_copy.reported(state(kind, "create", "held"), ORG, ENV, "in", 1) == []
    [removal_held] = agent_copy.reported(state(kind, "create", "held", "delete"), ORG, ENV, "in", None)
    assert removal_held == kind.event(kind.held, version=2)


def test_an_agent_that_lost_its_disk_gets_the_configuration_again(kind: Kind) -> None:
    current = state(kind, "create", "change", "held")
    held_nothing, resent = agent_copy.reported(current, ORG, ENV, "in", None)
    assert held_nothing == kind.event(kind.held, version=0)
    assert isinstance(resent, kind.resent) and (resent.version, resent.attempt) == (2, 1)  # type: ignore[attr-defined]
    assert kind.fold([*history(kind, "create", "change", "held"), held_nothing, resent]).applied == 0


def test_a_stale_copy_is_replaced(kind: Kind) -> None:
    [resent] = agent_copy.reported(state(kind, "create", "held", "change"), ORG, ENV, "in", 1)
    assert isinstance(resent, kind.resent) and resent.version == 2  # type: ignore[attr-defined]


def test_a_deleted_endpoint_the_agent_still_holds_is_removed_again(kind: Kind) -> None:
    [resent] = agent_copy.reported(state(kind, "create", "held", "delete"), ORG, ENV, "in", 1)
    assert resent == kind.event(kind.removal, version=2, attempt=1)


def test_an_endpoint_held_on_an_environment_it_is_not_on_is_removed_there_past_the_version_held(kind: Kind) -> None:
    [removal] = agent_copy.reported(state(kind, "create"), ORG, OTHER_ENV, "in", 4)
    assert removal == kind.event(kind.removal, env=OTHER_ENV, version=5, attempt=1)
    [unknown] = agent_copy.reported(kind.empty(), ORG, OTHER_ENV, "gone", 3)
    assert unknown == kind.event(kind.removal, "gone", OTHER_ENV, version=4, attempt=1)
    assert agent_copy.reported(kind.empty(), ORG, OTHER_ENV, "gone", None) == []


def test_a_removal_elsewhere_does_not_touch_the_endpoint_where_it_lives(kind: Kind) -> None:
    events = history(kind, "create")
    removal = agent_copy.reported(kind.fold(events), ORG, OTHER_ENV, "in", 4)
    assert kind.fold([*events, *removal]) == kind.fold(events)


def test_an_outputs_configuration_carries_whether_a_password_is_kept_never_a_password() -> None:
    [resent] = agent_copy.chase(state(OUTPUTS, "create", "change"), max_attempts=3)
    assert isinstance(resent, OutputConfigurationResent)
    assert resent.settings["password_set"] is True and "password" not in resent.settings


def test_input_events_recorded_before_versions_are_counted() -> None:
    old = [InputCreated(organisation_id=ORG, environment_id=ENV, input_id="in", kind="rist", settings={})]
    assert inputs.fold(old).version == 1
