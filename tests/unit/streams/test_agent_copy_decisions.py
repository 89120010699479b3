"""What streams records of each input's copy on its agent, and what it sends again: decided on folded histories."""

from __future__ import annotations

import uuid

from streams.domain import agent_copy, inputs
from streams.domain.events import (
    DomainEvent,
    InputConfigurationResent,
    InputCreated,
    InputHeldByAgent,
    InputRemovalResent,
)
from streams.domain.inputs import Input

ORG = 1000
ENV, OTHER_ENV = uuid.UUID(int=7), uuid.UUID(int=8)
SETTINGS = {"port": 20000, "latency": 6000}


def history(*steps: str) -> list[DomainEvent]:
    """create, change, delete, held (the agent answered the current version), resend."""
    events: list[DomainEvent] = []
    for step in steps:
        current = inputs.fold(events)
        match step:
            case "create":
                events += inputs.create(current, ORG, ENV, "in", "srt_listener", SETTINGS)
            case "change":
                events += inputs.change(current, ENV, "srt_listener", {**current.settings, "latency": len(events)})
            case "delete":
                events += inputs.delete(current, ENV)
            case "held":
                events += agent_copy.held(current, ENV, current.version)
            case "resend":
                events += agent_copy.chase(current, max_attempts=3)
    return events


def state(*steps: str) -> Input:
    return inputs.fold(history(*steps))


def test_each_change_of_an_input_has_the_next_version_across_its_lives() -> None:
    versions = [getattr(e, "version", None) for e in history("create", "change", "delete", "create", "change")]
    assert versions == [1, 2, 3, 4, 5]
    assert state("create", "held", "delete", "create").applied == 1


def test_an_answer_is_recorded_once_and_never_goes_back() -> None:
    current = state("create", "change", "held")
    assert current.applied == 2
    assert agent_copy.held(current, ENV, 1) == []
    assert agent_copy.held(current, ENV, 2) == []
    assert agent_copy.held(state("create", "change"), ENV, 1) == [
        InputHeldByAgent(organisation_id=ORG, environment_id=ENV, input_id="in", version=1)
    ]


def test_an_answer_from_another_environment_or_from_the_future_changes_nothing() -> None:
    current = state("create")
    assert agent_copy.held(current, OTHER_ENV, 1) == []
    assert agent_copy.held(current, ENV, 2) == []


def test_an_unanswered_configuration_is_sent_again_until_the_attempts_run_out() -> None:
    current = state("create", "change")
    [resent] = agent_copy.chase(current, max_attempts=3)
    assert resent == InputConfigurationResent(organisation_id=ORG, environment_id=ENV, input_id="in", version=2,
                                              attempt=2, kind="srt_listener", settings=current.settings)  # fmt: skip
    assert agent_copy.chase(state("create", "resend", "resend"), max_attempts=3) == []
    assert agent_copy.chase(state("create", "held"), max_attempts=3) == []


def test_an_unanswered_removal_is_sent_again() -> None:
    [resent] = agent_copy.chase(state("create", "held", "delete"), max_attempts=3)
    assert resent == InputRemovalResent(organisation_id=ORG, environment_id=ENV, input_id="in", version=2, attempt=2)


def test_a_report_of_what_is_current_records_it_and_sends_nothing() -> None:
    assert agent_copy.reported(state("create"), ORG, ENV, "in", 1) == [
        InputHeldByAgent(organisation_id=ORG, environment_id=ENV, input_id="in", version=1)
    ]
    assert agent_copy.reported(state("create", "held"), ORG, ENV, "in", 1) == []
    assert agent_copy.reported(state("create", "held", "delete"), ORG, ENV, "in", None)[0].version == 2  # type: ignore[attr-defined]


def test_an_agent_that_lost_its_disk_gets_the_configuration_again() -> None:
    current = state("create", "change", "held")
    held_nothing, resent = agent_copy.reported(current, ORG, ENV, "in", None)
    assert held_nothing == InputHeldByAgent(organisation_id=ORG, environment_id=ENV, input_id="in", version=0)
    assert isinstance(resent, InputConfigurationResent) and (resent.version, resent.attempt) == (2, 1)
    assert inputs.fold([*history("create", "change", "held"), held_nothing, resent]).applied == 0


def test_a_stale_copy_is_replaced() -> None:
    [resent] = agent_copy.reported(state("create", "held", "change"), ORG, ENV, "in", 1)
    assert isinstance(resent, InputConfigurationResent) and resent.version == 2


def test_a_deleted_input_the_agent_still_holds_is_removed_again() -> None:
    [resent] = agent_copy.reported(state("create", "held", "delete"), ORG, ENV, "in", 1)
    assert resent == InputRemovalResent(organisation_id=ORG, environment_id=ENV, input_id="in", version=2, attempt=1)


def test_an_input_held_on_an_environment_it_is_not_on_is_removed_there_past_the_version_held() -> None:
    [removal] = agent_copy.reported(state("create"), ORG, OTHER_ENV, "in", 4)
    assert removal == InputRemovalResent(organisation_id=ORG, environment_id=OTHER_ENV, input_id="in", version=5,
                                         attempt=1)  # fmt: skip
    [unknown] = agent_copy.reported(Input(), ORG, OTHER_ENV, "gone", 3)
    assert isinstance(unknown, InputRemovalResent) and unknown.version == 4
    assert agent_copy.reported(Input(), ORG, OTHER_ENV, "gone", None) == []


def test_a_removal_elsewhere_does_not_touch_the_input_where_it_lives() -> None:
    events = history("create")
    removal = agent_copy.reported(inputs.fold(events), ORG, OTHER_ENV, "in", 4)
    assert inputs.fold([*events, *removal]) == inputs.fold(events)


def test_events_recorded_before_versions_are_counted() -> None:
    old = [InputCreated(organisation_id=ORG, environment_id=ENV, input_id="in", kind="rist", settings={})]
    assert inputs.fold(old).version == 1
