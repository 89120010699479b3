"""What streams publishes for other services: each input and output created or deleted (ids and the configuration
version, never settings), beside the agent commands of the same events."""

from __future__ import annotations

import uuid

from common.contracts import OrganisationEvent
from streams.adapters.published import published_of
from streams.contract import events as published
from streams.domain import agent_copy, inputs, outputs
from streams.domain import events as e

ORG, ENV = 1000, uuid.UUID(int=7)


def test_creations_and_deletions_are_published_with_their_version_and_no_settings() -> None:
    cases = [
        (e.InputCreated(organisation_id=ORG, environment_id=ENV, input_id="cam", kind="zixi_push",
                        settings={"latency": 1}, version=3), published.InputCreated, 3),
        (e.InputDeleted(organisation_id=ORG, environment_id=ENV, input_id="cam", version=4), published.InputDeleted, 4),
        (e.OutputCreated(organisation_id=ORG, environment_id=ENV, output_id="out", kind="srt_listener",
                         settings={"password_set": True}, version=1), published.OutputCreated, 1),
        (e.OutputDeleted(organisation_id=ORG, environment_id=ENV, output_id="out", version=2),
         published.OutputDeleted, 2),
    ]  # fmt: skip
    for event, kind, version in cases:
        [message] = published_of(event)
        assert isinstance(message, kind)
        assert (message.organisation_id, message.environment_id, message.version) == (ORG, ENV, version)
        assert "settings" not in message.model_dump()


def test_changes_and_events_from_before_versions_publish_nothing() -> None:
    assert published_of(e.InputCreated(organisation_id=ORG, environment_id=ENV, input_id="cam", kind="zixi_push",
                                       settings={}, version=0)) == []  # fmt: skip
    changed = e.OutputChanged(organisation_id=ORG, environment_id=ENV, output_id="out", kind="rtmp", settings={},
                              version=2)  # fmt: skip
    assert published_of(changed) == []


def test_an_output_created_on_an_agreement_is_published_bound_to_it() -> None:
    agreement = uuid.UUID(int=42)
    created = e.OutputCreated(organisation_id=ORG, environment_id=ENV, output_id="out", kind="rtmp", settings={},
                              version=1, agreement_id=agreement)  # fmt: skip
    [plain, bound] = published_of(created)
    assert isinstance(plain, published.OutputCreated) and isinstance(bound, published.OutputBoundToAgreement)
    assert (bound.organisation_id, bound.environment_id, bound.output_id, bound.agreement_id) == (
        ORG, ENV, "out", agreement)  # fmt: skip


def test_an_input_is_published_with_the_most_it_may_reach() -> None:
    def created(settings: dict[str, object]) -> published.InputCreated:
        [message] = published_of(e.InputCreated(organisation_id=ORG, environment_id=ENV, input_id="cam",
                                                kind="rist", settings=settings, version=1))  # fmt: skip
        assert isinstance(message, published.InputCreated)
        return message

    assert created({"max_allowed_bitrate_kbps": 5000, "max_bitrate_kbps": 8000}).bitrate_kbps == 5000
    assert created({"max_allowed_bitrate_kbps": None, "max_bitrate_kbps": 8000}).bitrate_kbps == 8000
    assert created({"latency": 1}).bitrate_kbps == 0


def test_an_agents_answer_on_an_outputs_media_is_published_for_metering_with_its_bitrate() -> None:
    def held(running: bool | None, bitrate: int | None) -> list[published.EndpointEvent]:
        return published_of(e.OutputHeldByAgent(organisation_id=ORG, environment_id=ENV, output_id="out", version=5,
                                                running=running, bitrate_kbps=bitrate))  # fmt: skip

    [running] = held(True, 8000)
    [stopped] = held(False, None)
    assert isinstance(running, published.OutputRunning) and isinstance(stopped, published.OutputStopped)
    assert (running.output_id, running.version, running.bitrate_kbps) == ("out", 5, 8000)
    assert (stopped.organisation_id, stopped.bitrate_kbps) == (ORG, 0)
    assert held(None, 8000) == []


def test_an_outputs_answer_carries_its_configured_bitrate() -> None:
    created = outputs.create(outputs.fold([]), ORG, ENV, "in", "rtmp", {"url": "rtmp://a/b", "bitrate": 12000})
    current = outputs.fold(created)
    [answer] = agent_copy.held(current, ENV, current.version, True)
    assert isinstance(answer, e.OutputHeldByAgent) and answer.bitrate_kbps == 12000


def test_an_output_deleted_names_the_agreement_it_was_bound_to_so_billing_releases_it() -> None:
    agreement = uuid.UUID(int=42)
    created = outputs.create(outputs.fold([]), ORG, ENV, "out", "rtmp", {"url": "rtmp://a/b"}, agreement)
    [deleted] = outputs.delete(outputs.fold(created), ENV)
    [message] = published_of(deleted)
    assert isinstance(message, published.OutputDeleted) and message.agreement_id == agreement


def test_an_agents_answer_on_an_inputs_media_is_published_for_metering_with_its_bitrate() -> None:
    def held(running: bool | None, bitrate: int | None) -> list[OrganisationEvent]:
        return published_of(e.InputHeldByAgent(organisation_id=ORG, environment_id=ENV, input_id="cam", version=3,
                                               running=running, bitrate_kbps=bitrate))  # fmt: skip

    [running] = held(True, 6000)
    [stopped] = held(False, None)
    assert isinstance(running, published.InputRunning) and isinstance(stopped, published.InputStopped)
    assert (running.input_id, running.version, running.bitrate_kbps) == ("cam", 3, 6000)
    assert (stopped.organisation_id, stopped.bitrate_kbps) == (ORG, 0)
    assert held(None, 6000) == []


def test_an_inputs_answer_carries_the_most_it_may_reach_as_input_created_announces() -> None:
    settings = {"port": 20000, "max_bitrate_kbps": 9000, "max_allowed_bitrate_kbps": 7000}
    created = inputs.create(inputs.Input(), ORG, ENV, "cam", "zixi_push", settings)
    current = inputs.fold(created)
    [answer] = agent_copy.held(current, ENV, current.version, True)
    [announced] = published_of(created[0])
    assert isinstance(answer, e.InputHeldByAgent) and isinstance(announced, published.InputCreated)
    assert answer.bitrate_kbps == announced.bitrate_kbps == 7000


def test_an_input_reconfigured_started_or_stopped_is_published_with_the_most_it_may_reach_now() -> None:
    settings = {"max_allowed_bitrate_kbps": 12_000}
    for kind in (e.InputChanged, e.InputStarted, e.InputStopped):
        [message] = published_of(kind(organisation_id=ORG, environment_id=ENV, input_id="cam", kind="rist",
                                      settings=settings, version=5))  # fmt: skip
        assert isinstance(message, published.InputReconfigured), kind
        assert (message.input_id, message.version, message.bitrate_kbps) == ("cam", 5, 12_000)
    assert published_of(e.InputChanged(organisation_id=ORG, environment_id=ENV, input_id="cam", settings=settings,
                                       version=0)) == []  # fmt: skip
