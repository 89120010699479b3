"""What the agents and the platform hear from streams' events: each change of an input's or output's configuration
(a start or a stop included, decision 50), each re-send and each statistics reset becomes the command that carries
it to the agent of the endpoint's environment; what the bitrate guard did to an input becomes an integration event.
An output's settings hold no password, only ``password_set`` (decision 48), and RTMP addresses masked; the command
names which credentials the agent is to fetch over HTTP (decision 56)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from cenv_agent.contract.messages import ConfigureInput, ConfigureOutput, RemoveInput, RemoveOutput, ResetStatistics
from common.contracts import Message
from common.eventstore import RecordedEvent
from streams.adapters import event_codec
from streams.adapters.published import published_of
from streams.contract import events as published
from streams.domain import events as e
from streams.domain.output_secrets import kept_names

COMMAND_IDS = uuid.UUID("6f1d2a4e-3b0c-4c8e-9a57-2d1f0e6b7c93")


def command_id(environment_id: uuid.UUID, endpoint_id: str, version: int, side: str = "input") -> uuid.UUID:
    """One id per version of an endpoint on an environment: every send of that version is the same command. (An
    input's ids keep the form they had before outputs.)"""
    name = (
        f"{environment_id}/{endpoint_id}/{version}"
        if side == "input"
        else f"{environment_id}/{side}/{endpoint_id}/{version}"
    )
    return uuid.uuid5(COMMAND_IDS, name)


def _endpoint(event: e.InputEvent | e.OutputEvent) -> tuple[str, str]:
    return ("input", event.input_id) if isinstance(event, e.InputEvent) else ("output", event.output_id)


def _fields(event: e.InputEvent | e.OutputEvent, version: int) -> dict[str, Any]:
    side, endpoint_id = _endpoint(event)
    return {"environment_id": event.environment_id, f"{side}_id": endpoint_id, "version": version,
            "command_id": command_id(event.environment_id, endpoint_id, version, side)}  # fmt: skip


def _configure(
    event: e.InputEvent | e.OutputEvent, version: int, kind: str, settings: dict[str, Any], running: bool = True
) -> Message:
    fields = {**_fields(event, version), "kind": kind, "settings": settings, "running": running}
    if isinstance(event, e.InputEvent):
        return ConfigureInput.model_validate(fields)
    return ConfigureOutput.model_validate({**fields, "credentials": kept_names(settings)})


def _remove(event: e.InputEvent | e.OutputEvent, version: int) -> Message:
    command = RemoveInput if isinstance(event, e.InputEvent) else RemoveOutput
    return command.model_validate(_fields(event, version))


def _to_agent(event: e.DomainEvent) -> list[Message]:
    match event:
        case e.InputCreated(version=version) | e.OutputCreated(version=version) if version:
            return [_configure(event, version, event.kind, event.settings)]
        case e.InputChanged(version=version, kind=str(kind)) | e.OutputChanged(version=version, kind=kind) if version:
            return [_configure(event, version, kind, event.settings, event.running)]
        case e.InputStarted() | e.InputStopped() | e.OutputStarted() | e.OutputStopped():
            running = isinstance(event, e.InputStarted | e.OutputStarted)
            return [_configure(event, event.version, event.kind, event.settings, running)]
        case e.InputDeleted(version=version) | e.OutputDeleted(version=version) if version:
            return [_remove(event, version)]
        case e.InputConfigurationResent() | e.OutputConfigurationResent():
            return [_configure(event, event.version, event.kind, event.settings, event.running)]
        case e.InputRemovalResent() | e.OutputRemovalResent():
            return [_remove(event, event.version)]
        case e.InputStatisticsReset() | e.OutputStatisticsReset():
            side, endpoint_id = _endpoint(event)
            return [ResetStatistics(environment_id=event.environment_id, command_id=event.request_id, side=side,
                                    endpoint_id=endpoint_id)]  # fmt: skip
        case e.InputMarkedStopped() | e.InputWarnedRunningHot():
            return [_guarded(event)]
    return []


def _guarded(event: e.InputGuardEvent) -> Message:
    """The owner's users are told (alerts notifies them); a measure the agent did not give reads as 0."""
    told = published.InputStoppedForBitrate if isinstance(event, e.InputMarkedStopped) else published.InputRunningHot
    return told(organisation_id=event.organisation_id, environment_id=event.environment_id, input_id=event.input_id,
                bitrate_kbps=event.bitrate_kbps or 0,
                max_allowed_bitrate_kbps=event.max_allowed_bitrate_kbps or 0)  # fmt: skip


def translate(recorded: RecordedEvent) -> Sequence[Message]:
    """Input events recorded before configurations had versions send nothing: the agent's next report brings them.
    Creations and deletions are also published for other services (``streams.contract.events``)."""
    event = event_codec.decode(recorded)
    return [*_to_agent(event), *published_of(event)]
