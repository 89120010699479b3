"""The input aggregate, one stream per input id of an organisation: ids are unique per organisation, and a
deleted input's id can be used again (its stream starts a new life).

Whether the input is started is part of the configuration its c_env holds (decision 50): a start or a stop is a
new version, carried to the agent like any change. Two flags come from the agent's side (A084 stopped for its
bitrate, A085 running hot); a start clears them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import reduce
from typing import Any, ClassVar

from common.errors import Conflict, NotFound
from streams.contract.inputs import InputKind
from streams.domain.agent_copy import followed
from streams.domain.events import (
    DomainEvent,
    InputChanged,
    InputConfigurationEvent,
    InputCreated,
    InputDeleted,
    InputMarkedStopped,
    InputStarted,
    InputStopped,
    InputWarnedRunningHot,
)

STREAM_PREFIX = "input-"


def stream_id(organisation_id: int, input_id: str) -> str:
    return f"{STREAM_PREFIX}{organisation_id}-{input_id}"


@dataclass(frozen=True)
class Input:
    live: bool = False
    organisation_id: int = 0
    input_id: str = ""
    environment_id: uuid.UUID | None = None
    kind: InputKind = "zixi_pull"
    settings: Mapping[str, Any] = field(default_factory=dict)
    version: int = 0  # of the configuration the c_env should hold (a deleted input: of its removal)
    applied: int = 0  # the version the environment's agent said it holds
    attempts: int = 0  # sends of ``version`` so far
    enabled: bool = True  # started (A078) rather than stopped (A080)
    warning_sent: bool = False  # its users were warned it runs hot (A085)
    input_stopped: bool = False  # its c_env stopped it: over its maximum bitrate (A084)
    SIDE: ClassVar[str] = "input"

    @property
    def endpoint_id(self) -> str:
        return self.input_id

    @property
    def runs(self) -> bool:
        """What its configurations tell the agent: started, and not stopped by its guard since (A084)."""
        return self.enabled and not self.input_stopped


def evolve(current: Input, event: DomainEvent) -> Input:
    if isinstance(event, InputConfigurationEvent):
        current = replace(current, version=event.version or current.version + 1, attempts=1)
    match event:
        case InputCreated():
            return replace(current, live=True, organisation_id=event.organisation_id, input_id=event.input_id,
                           environment_id=event.environment_id, kind=event.kind, settings=event.settings,
                           enabled=True, warning_sent=False, input_stopped=False)  # fmt: skip
        case InputChanged():
            return replace(current, settings=event.settings)
        case InputDeleted():
            return replace(current, live=False)
        case InputStarted():
            return replace(current, enabled=True, warning_sent=False, input_stopped=False)
        case InputStopped():
            return replace(current, enabled=False)
        case InputMarkedStopped():
            return replace(current, input_stopped=True)
        case InputWarnedRunningHot():
            return replace(current, warning_sent=True)
    return replace(current, **followed(current, event))


def fold(events: Sequence[DomainEvent]) -> Input:
    return reduce(evolve, events, Input())


def create(
    current: Input, organisation_id: int, environment_id: uuid.UUID, input_id: str, kind: InputKind,
    settings: Mapping[str, Any],
) -> list[DomainEvent]:  # fmt: skip
    if current.live:
        raise Conflict(f"the organisation already has an input with id {input_id!r}", "id")
    return [InputCreated(organisation_id=organisation_id, environment_id=environment_id, input_id=input_id,
                         kind=kind, settings=dict(settings), version=current.version + 1)]  # fmt: skip


def on(current: Input, environment_id: uuid.UUID) -> Input:
    if not current.live or current.environment_id != environment_id:
        raise NotFound("input not found")
    return current


def of_kind(current: Input, environment_id: uuid.UUID, kind: InputKind) -> Input:
    if on(current, environment_id).kind != kind:
        raise Conflict(f"input {current.input_id!r} is a {current.kind} input, not a {kind} one")
    return current


def change(
    current: Input, environment_id: uuid.UUID, kind: InputKind, settings: Mapping[str, Any]
) -> list[DomainEvent]:
    if of_kind(current, environment_id, kind).settings == settings:
        return []
    return [InputChanged(organisation_id=current.organisation_id, environment_id=environment_id,
                         input_id=current.input_id, settings=dict(settings), kind=kind, running=current.runs,
                         version=current.version + 1)]  # fmt: skip


def delete(current: Input, environment_id: uuid.UUID) -> list[DomainEvent]:
    on(current, environment_id)
    return [InputDeleted(organisation_id=current.organisation_id, environment_id=environment_id,
                         input_id=current.input_id, version=current.version + 1)]  # fmt: skip


def start(current: Input, environment_id: uuid.UUID) -> list[DomainEvent]:
    """A078: the input runs again, and the agent's warnings are cleared; one already running with none changes
    nothing."""
    if on(current, environment_id).enabled and not (current.warning_sent or current.input_stopped):
        return []
    return [InputStarted(**_whole(current, environment_id))]


def stop(current: Input, environment_id: uuid.UUID) -> list[DomainEvent]:
    """A080: the input's media stops; one already stopped changes nothing."""
    if not on(current, environment_id).enabled:
        return []
    return [InputStopped(**_whole(current, environment_id))]


def _whole(current: Input, environment_id: uuid.UUID) -> dict[str, Any]:
    return {"organisation_id": current.organisation_id, "environment_id": environment_id,
            "input_id": current.input_id, "kind": current.kind, "settings": dict(current.settings),
            "version": current.version + 1}  # fmt: skip
