"""The bitrate guard's marks on an input (said once, cleared by a new life), statistics resets (only on a running
environment), what they become on the bus, the bounded gauges and the statistics queue's admission."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cenv_agent.contract.messages import EndpointStatistics, ResetStatistics
from common.errors import Conflict, NotFound
from common.eventstore import RecordedEvent
from streams.adapters import event_codec
from streams.adapters.integration import translate
from streams.adapters.statistics_gauges import GAUGES, BoundedGauges
from streams.config import StreamsSettings
from streams.contract import events as published
from streams.domain import environment, guard, inputs
from streams.domain.environment import Environment
from streams.domain.events import DomainEvent, InputMarkedStopped, InputWarnedRunningHot
from streams.entrypoints.consumers import statistics_admission

ORG, ENV = 1000, uuid.UUID(int=7)


def created(limit: int | None = 5000) -> list[DomainEvent]:
    settings = {} if limit is None else {"max_allowed_bitrate_kbps": limit}
    return inputs.create(inputs.Input(), ORG, ENV, "cam", "srt_listener", settings)


def test_an_input_is_marked_stopped_once_and_then_not_warned() -> None:
    history = created()
    [stopped] = guard.mark_stopped(inputs.fold(history), ENV, 6000, None)
    assert isinstance(stopped, InputMarkedStopped) and stopped.max_allowed_bitrate_kbps == 5000  # from its settings
    history.append(stopped)
    assert inputs.fold(history).input_stopped
    assert guard.mark_stopped(inputs.fold(history), ENV, 7000, 5000) == []
    assert guard.warn_running_hot(inputs.fold(history), ENV, 4600, 5000) == []


def test_a_warning_is_said_once_and_a_new_life_clears_both_marks() -> None:
    history = created()
    [warned] = guard.warn_running_hot(inputs.fold(history), ENV, 4600, 5000)
    assert isinstance(warned, InputWarnedRunningHot)
    history.append(warned)
    assert inputs.fold(history).warning_sent and guard.warn_running_hot(inputs.fold(history), ENV, 4700, None) == []
    history += guard.mark_stopped(inputs.fold(history), ENV, None, None)
    history += inputs.delete(inputs.fold(history), ENV)
    history += inputs.create(inputs.fold(history), ORG, ENV, "cam", "srt_listener", {})
    again = inputs.fold(history)
    assert (again.input_stopped, again.warning_sent) == (False, False)


def test_a_mark_for_an_input_not_on_the_environment_is_not_found() -> None:
    with pytest.raises(NotFound):
        guard.mark_stopped(inputs.fold(created()), uuid.UUID(int=8), 1, 1)
    with pytest.raises(NotFound):
        guard.warn_running_hot(inputs.Input(), ENV, 1, 1)


@pytest.mark.parametrize("state", ["requested", "creating", "stopped", "deleting", "deleted", ""])
def test_statistics_reset_needs_a_running_environment(state: str) -> None:
    env = Environment(environment_id=ENV, organisation_id=ORG, state=state)
    with pytest.raises(Conflict, match=state or "not known"):
        guard.running(env)
    assert guard.running(environment.fold(environment.note(Environment(), ENV, ORG, "running", datetime.now(UTC))))


def _recorded(event: DomainEvent) -> RecordedEvent:
    encoded = event_codec.encode(event)
    return RecordedEvent(stream_id="s", version=1, type=encoded.type, data=encoded.data, metadata=encoded.metadata,
                         position=1, recorded_at=datetime.now(UTC), txid=1)  # fmt: skip


def test_resets_become_agent_commands_and_guard_marks_integration_events() -> None:
    request_id = uuid.uuid4()
    [reset] = guard.reset_input(inputs.fold(created()), ENV, request_id)
    [command] = translate(_recorded(reset))
    assert command == ResetStatistics(environment_id=ENV, command_id=request_id, side="input", endpoint_id="cam")
    [stopped] = guard.mark_stopped(inputs.fold(created()), ENV, None, None)
    [told] = translate(_recorded(stopped))
    assert isinstance(told, published.InputStoppedForBitrate)
    assert (told.organisation_id, told.input_id, told.bitrate_kbps, told.max_allowed_bitrate_kbps) == (
        ORG,
        "cam",
        0,
        5000,
    )


def _sample(bitrate: int) -> EndpointStatistics:
    return EndpointStatistics(bitrate_kbps=bitrate, jitter_ms=1, loss_millipercent=0, rtt_ms=1, dropped=0, packets=1,
                              uptime_seconds=1, connected=True)  # fmt: skip


def _exported(environment_id: str) -> set[str]:
    return {
        sample.labels["endpoint_id"]
        for metric in GAUGES["bitrate_kbps"].collect()
        for sample in metric.samples if sample.labels.get("environment_id") == environment_id
    }  # fmt: skip


@given(st.lists(st.sampled_from([f"e{n}" for n in range(12)]), max_size=60))
def test_gauges_never_export_more_endpoints_than_the_bound(updates: list[str]) -> None:
    gauges, environment_id = BoundedGauges(max_series=5, idle_seconds=1e9), str(uuid.uuid4())
    for n, endpoint_id in enumerate(updates):
        gauges.update(environment_id, {"input": {endpoint_id: _sample(n)}}, now=float(n))
        assert len(gauges) <= 5
    assert len(_exported(environment_id)) == len(gauges) and set(updates[-1:]) <= _exported(environment_id)
    gauges.sweep(now=2e9)  # everything idle: nothing left behind for other tests


def test_idle_endpoints_are_dropped() -> None:
    gauges, environment_id = BoundedGauges(max_series=10, idle_seconds=60), str(uuid.uuid4())
    gauges.update(environment_id, {"input": {"quiet": _sample(1)}, "output": {"busy": _sample(2)}}, now=0)
    gauges.update(environment_id, {"output": {"busy": _sample(3)}}, now=50)
    gauges.sweep(now=100)
    assert _exported(environment_id) == {"busy"}


def test_the_statistics_queue_admits_per_environment_and_size() -> None:
    settings = StreamsSettings(DATABASE_URL="postgresql://x", AMQP_URL="amqp://x", SWITCHYARD_INTERNAL_KEY="k" * 32)
    admit = statistics_admission(settings)

    def message(environment: str, size: int = 100) -> Any:
        return SimpleNamespace(body=b"x" * size, routing_key=f"{environment}.cenv.StatisticsReported")

    assert admit(message("a", 65 * 1024)) == "too_large"
    verdicts = [admit(message("a")) for _ in range(int(settings.agent_statistics_burst) + 5)]
    assert verdicts.count(None) == int(settings.agent_statistics_burst) and verdicts[-1] == "throttled"
    assert admit(message("b")) is None  # another environment is not held back
