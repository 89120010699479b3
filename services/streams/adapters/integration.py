"""What the agents hear from streams' events: each change of an input's configuration, and each re-send, becomes
the command that carries it to the agent of the input's environment."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from cenv_agent.contract.messages import ConfigureInput, RemoveInput
from common.contracts import Message
from common.eventstore import RecordedEvent
from streams.adapters import event_codec
from streams.domain import events as e

COMMAND_IDS = uuid.UUID("6f1d2a4e-3b0c-4c8e-9a57-2d1f0e6b7c93")


def command_id(environment_id: uuid.UUID, input_id: str, version: int) -> uuid.UUID:
    """One id per version of an input on an environment: every send of that version is the same command."""
    return uuid.uuid5(COMMAND_IDS, f"{environment_id}/{input_id}/{version}")


def _configure(event: e.InputEvent, version: int, kind: str, settings: dict[str, object]) -> ConfigureInput:
    return ConfigureInput(environment_id=event.environment_id, input_id=event.input_id, version=version, kind=kind,
                          settings=settings,
                          command_id=command_id(event.environment_id, event.input_id, version))  # fmt: skip


def _remove(event: e.InputEvent, version: int) -> RemoveInput:
    return RemoveInput(environment_id=event.environment_id, input_id=event.input_id, version=version,
                       command_id=command_id(event.environment_id, event.input_id, version))  # fmt: skip


def _to_agent(event: e.DomainEvent) -> list[Message]:
    match event:
        case e.InputCreated(version=version) if version:
            return [_configure(event, version, event.kind, event.settings)]
        case e.InputChanged(version=version, kind=str(kind)) if version:
            return [_configure(event, version, kind, event.settings)]
        case e.InputDeleted(version=version) if version:
            return [_remove(event, version)]
        case e.InputConfigurationResent():
            return [_configure(event, event.version, event.kind, event.settings)]
        case e.InputRemovalResent():
            return [_remove(event, event.version)]
    return []


def translate(recorded: RecordedEvent) -> Sequence[Message]:
    """Events recorded before configurations had versions send nothing: the agent's next report brings them."""
    return _to_agent(event_codec.decode(recorded))
